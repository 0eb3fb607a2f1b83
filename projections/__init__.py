"""Read models kept up to date from the event log, the indicator engine and reports.

Adding a read model: a module with its tables (one ``MetaData``) and a
``catch_up.Projection`` subclass whose ``apply`` dispatches on event classes
(``singledispatchmethod``; the default ignores the event), listed in
``catalogue.all_projections``. Readers use the query modules only (``queries``,
``meeting_queries``, ``community_queries``). After a command,
``ReadModels.catch_up_pages()`` brings every read model the pages read up to at
least that command's notification id, so a page rendered next shows it; the
report read models (``Projection.read_on_pages = False``) are caught up by the
report routes that read them, the CLI and the projector (``catch_up()``).
"""
