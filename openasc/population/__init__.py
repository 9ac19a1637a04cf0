"""Population estimates: the denominators of rates per 100,000 adults (ASCOF 2B and 2C), by
area, mid-year, single year of age and sex, as the Office for National Statistics publishes
them. Loaded from a file with ``openasc returns load-population``; the demo loads its own."""
