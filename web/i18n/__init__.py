"""The reader's language and every text shown in it."""
