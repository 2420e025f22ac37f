"""The offline MAST sandbox: a simulated HCV universe and the MAST services that serve it over HTTP.

Two packages, one arrow between them: ``universe`` builds the universe file (plans, photometry, the HCV
pipeline, planted real rows, the sky model that renders cutouts) and knows nothing of HTTP; ``server`` answers
MAST's protocols from that file and uses ``universe`` only for its sky model. The sandbox imports nothing from
the rest of hcvvet and nothing in hcvvet imports it: the demo and the tests start it as a process
(``python -m hcvvet.sandbox``) or through ``server.harness``.
"""
