"""`orch ci`: GitHub Actions events in, feature workspaces and stage deploys out.

github.py reads the Actions context, rules.py holds the one tested decision function,
run.py executes a decision, summary.py renders it as markdown, comment.py keeps one PR comment.
"""
