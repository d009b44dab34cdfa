"""Turns git events into safe Terraform runs for an AWS data platform."""

__version__ = "0.1.0"
