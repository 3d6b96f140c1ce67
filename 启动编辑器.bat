@echo off
rem 双击启动 reportgen 编辑器：打开本文件夹中项目的网页编辑器（需已安装 reportgen：pip install -e .）。
chcp 65001 >nul
cd /d "%~dp0"
where reportgen-editor >nul 2>nul
if %errorlevel%==0 (
  start "" reportgen-editor "%~dp0."
) else (
  start "" pythonw "%~dp0启动编辑器.pyw"
)
