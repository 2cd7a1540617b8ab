// CCSShell
