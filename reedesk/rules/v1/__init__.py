"""The rules engine of reedesk 0.1.0 (engine ``reedesk-rules`` 1.1.0), frozen.

A determination records the engine version that made it; an evidence pack
exported by 0.1.0 must still verify after the engine changed. These modules are
the 0.1.0 sources as of commit bca4165 (``git show bca4165:reedesk/rules/…``) with
only their imports rewritten to this package (and the 0.1.0 screening-record
reader copied beside them as ``record.py``, so a later change of
``reedesk.screening`` cannot alter an old result). Never edit them: a change here
breaks the reproduction of every 0.1.0 determination. Use
:func:`reedesk.rules.reproduce_with_engine`.
"""
