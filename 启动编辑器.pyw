"""双击启动 reportgen 编辑器（Windows）：为本文件夹中的项目打开网页编辑器，不弹出命令行窗口。

Double-click on Windows: starts the reportgen editor for the project in this folder and
opens the browser, without a terminal window (.pyw files run with pythonw).
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.chdir(HERE)
if not (HERE / "reportgen").is_dir():
    sys.path.insert(0, str(HERE))
sys.argv = [sys.argv[0], str(HERE)]

from reportgen.serve.run import editor_main  # noqa: E402

editor_main()
