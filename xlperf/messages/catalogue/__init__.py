"""One module per area; each holds ``MESSAGES``, a list of :class:`xlperf.messages.Message`."""
