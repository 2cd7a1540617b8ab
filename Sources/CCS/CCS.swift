// CCS
