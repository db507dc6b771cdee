"""What every stage shares: Vietnamese text (numbers, dates, folding, slugs) and problems told to staff."""
