"""reportgen: Chinese official documents (经验交流材料, 工作简报) from YAML entries."""

__version__ = "0.1.0"
