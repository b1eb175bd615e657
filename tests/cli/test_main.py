"""The `reedesk` entry point itself (reedesk/cli/main.py)."""

from __future__ import annotations

import pytest

from reedesk.cli.main import main, missing_display_reason


def test_without_a_display_the_app_refuses_with_one_sentence(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "no display was found" in err and "reedesk --help" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_display_detection(environ, platform, expected):
    assert (missing_display_reason(environ, platform) is not None) is expected


def test_unknown_command_exits_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_missing_x11_libraries_are_named_with_their_packages(monkeypatch):
    monkeypatch.setattr("ctypes.util.find_library", lambda name: None if name == "xcb-cursor" else f"lib{name}.so")
    reason = missing_display_reason({"DISPLAY": ":0"}, "linux")
    assert reason is not None and "libxcb-cursor0" in reason and "libxcb-icccm4" not in reason
