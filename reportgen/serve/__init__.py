"""`reportgen serve`: a local web editor for cases, reports and briefs.

The editor is a single-user tool without accounts: it listens on 127.0.0.1 unless told
otherwise with --allow-network (see docs/编辑器.md for putting it behind a reverse
proxy with a login), and every write goes through the same checks and the same
comment-keeping, atomic YAML writer as the command line.
"""
