"""Every command the team sync writes its changesets under reads as plain words in the
history ("brought from the team"), not as its code name."""

from safetymap.store import changesets
from safetymap.team import sync


def test_the_sync_commands_have_plain_words():
    for command in (sync.SYNC_RECEIVED, sync.SYNC_REMOVED, sync.SYNC_CONFIRM, "team.join"):
        words = changesets.command_words(command)
        assert words in changesets.COMMAND_WORDS.values(), command
        assert "." not in words and "sync" not in words
