"""National returns and performance intelligence from the record: the Client Level Data
export and its data-quality report, the SALT-equivalent tables and ASCOF measures (from the
record or from any CLD file), and the population denominators they need."""
