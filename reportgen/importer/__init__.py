"""`reportgen import`: read a .txt or .docx document back into report and case entries.

The stages follow one another: `readers` turns the file into text with positions,
`noise` removes what extraction added, `structure` recognises the document's parts,
`writer` writes the commented YAML, and `command` puts them together (its click command is in `reportgen.cli.importer`).
"""
