"""The staff editor in the browser (``baocao studio``): periods and units, media, results.

Every save goes through the loader before it is written, round-trip, atomically, with the
previous version kept for «Hoàn tác».
"""
