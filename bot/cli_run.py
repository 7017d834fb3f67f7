"""`komekshi run`: placeholder until the bot lands (issue 4)."""
