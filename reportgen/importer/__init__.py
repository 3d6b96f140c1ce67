"""`reportgen import`: read a .txt or .docx document back into report and case entries.

The stages follow one another: `readers` (with `ooxml`, the budgeted reading of Office
packages) turns the file into text with positions, `noise` removes what extraction
added, `structure` recognises the document's parts (`tokens`, `repairs`, `units`,
`assemble`, into the types of `result`), `writer` writes the commented YAML, and
`command` puts them together (its click command is in `reportgen.cli.importer`).

`intake` reads cases rather than a report: a county's submission or an Excel 台账
(`ledger`); its public functions are `intake.intake_file`, which reads and writes
nothing, and `intake.write_intake`.
"""
