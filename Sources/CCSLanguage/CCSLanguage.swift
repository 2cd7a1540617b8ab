// CCSLanguage
