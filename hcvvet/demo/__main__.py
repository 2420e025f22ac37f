"""`python -m hcvvet.demo`: see hcvvet.demo.launcher."""

from .launcher import main

main()
