"""Convert .docx files to PDF in a running LibreOffice, one request per line on standard input.

Run by the editor under a Python that has LibreOffice's `uno` module:
    python3 uno_bridge.py PIPE-NAME START-TIMEOUT
Each input line is {"in": docx path, "out": pdf path}; each answer {"ok": true} or {"error": text}.
This file imports nothing of reportgen: it runs in LibreOffice's Python, not the editor's.
"""

import json
import sys
import time


def _property(name, value):
    from com.sun.star.beans import PropertyValue

    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _connect(pipe, timeout):
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def _answer(reply):
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()


def main():
    import uno

    pipe, timeout = sys.argv[1], float(sys.argv[2])
    try:
        desktop = _connect(pipe, timeout)
    except Exception as exc:
        _answer({"ready": False, "error": str(exc)})
        return 1
    _answer({"ready": True})
    for line in sys.stdin:
        try:
            request = json.loads(line)
            document = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(request["in"]),
                "_blank",
                0,
                (_property("Hidden", True), _property("ReadOnly", True)),
            )
            try:
                document.storeToURL(
                    uno.systemPathToFileUrl(request["out"]), (_property("FilterName", "writer_pdf_Export"),)
                )
            finally:
                document.close(True)
            _answer({"ok": True})
        except Exception as exc:
            _answer({"ok": False, "error": str(exc)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
