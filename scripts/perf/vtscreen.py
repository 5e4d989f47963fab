"""A minimal terminal screen: enough VT100 to rebuild what ratatui's crossterm backend
draws (absolute cursor moves, clears, text; styles ignored), so the perf driver can tell
when a frame is complete. Bytes may arrive in any chunks: partial escape sequences and
partial UTF-8 characters are kept until the rest arrives."""

import codecs
import re
import unicodedata

# Escape sequences (CSI, OSC, charset selection, two-byte), the controls ratatui uses, and
# runs of text.
_TOKEN = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()].|\x1b.|[\r\n\b]"
    r"|[^\x1b\r\n\b]+",
    re.S,
)


class Screen:
    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.cells = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""  # an escape sequence not complete yet

    def text(self):
        return "\n".join("".join(line) for line in self.cells)

    def feed(self, data):
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        # An escape sequence cut off at the end waits for the rest.
        last_escape = text.rfind("\x1b")
        if last_escape >= 0 and self._escape_end(text, last_escape) is None:
            text, self._pending = text[:last_escape], text[last_escape:]
        for match in _TOKEN.finditer(text):
            token = match.group()
            if token[0] == "\x1b":
                self._escape(token)
            elif token == "\r":
                self.col = 0
            elif token == "\n":
                self.row = min(self.row + 1, self.rows - 1)
            elif token == "\b":
                self.col = max(self.col - 1, 0)
            else:
                self._put_text(token)

    @staticmethod
    def _escape_end(text, start):
        """Index just past the escape sequence at `start`, or None if it is incomplete."""
        if start + 1 >= len(text):
            return None
        kind = text[start + 1]
        if kind == "[":  # CSI: parameters, then a final byte in @..~
            for j in range(start + 2, len(text)):
                if "@" <= text[j] <= "~":
                    return j + 1
            return None
        if kind == "]":  # OSC: up to BEL or ESC \
            for j in range(start + 2, len(text)):
                if text[j] == "\x07":
                    return j + 1
                if text[j] == "\x1b" and j + 1 < len(text) and text[j + 1] == "\\":
                    return j + 2
            return None
        if kind in "()":  # character set selection takes one more character
            return start + 3 if start + 2 < len(text) else None
        return start + 2

    def _escape(self, seq):
        if len(seq) < 3 or seq[1] != "[":
            return
        final, body = seq[-1], seq[2:-1]
        if body.startswith("?"):  # private modes: cursor, alternate screen, paste
            if final in "hl" and body[1:] in ("1049", "47", "1047"):
                self._clear_all()
            return
        params = [int(p) if p.isdigit() else 0 for p in body.split(";")] if body else []

        def param(k, default):
            return params[k] if k < len(params) and params[k] > 0 else default

        if final in "Hf":
            self.row = min(param(0, 1), self.rows) - 1
            self.col = min(param(1, 1), self.cols) - 1
        elif final == "G":
            self.col = min(param(0, 1), self.cols) - 1
        elif final == "d":
            self.row = min(param(0, 1), self.rows) - 1
        elif final == "A":
            self.row = max(self.row - param(0, 1), 0)
        elif final == "B":
            self.row = min(self.row + param(0, 1), self.rows - 1)
        elif final == "C":
            self.col = min(self.col + param(0, 1), self.cols - 1)
        elif final == "D":
            self.col = max(self.col - param(0, 1), 0)
        elif final == "J":
            mode = params[0] if params else 0
            if mode in (2, 3):
                self._clear_all()
            elif mode == 0:
                self._clear_line(self.row, self.col, self.cols)
                for r in range(self.row + 1, self.rows):
                    self._clear_line(r, 0, self.cols)
        elif final == "K":
            mode = params[0] if params else 0
            start, end = {0: (self.col, self.cols), 1: (0, self.col + 1)}.get(mode, (0, self.cols))
            self._clear_line(self.row, start, end)

    def _clear_all(self):
        for r in range(self.rows):
            self._clear_line(r, 0, self.cols)

    def _clear_line(self, row, start, end):
        line = self.cells[row]
        for c in range(start, min(end, self.cols)):
            line[c] = " "

    def _put_text(self, run):
        if run.isascii() and run.isprintable():  # the common case: one slice assignment
            end = min(self.col + len(run), self.cols)
            self.cells[self.row][self.col:end] = run[: end - self.col]
            self.col = end
            return
        for ch in run:
            if ch >= " ":
                self._put(ch)

    def _put(self, ch):
        if unicodedata.combining(ch):
            return
        wide = unicodedata.east_asian_width(ch) in "WF"
        if self.col >= self.cols:
            return  # ratatui never relies on auto-wrap
        self.cells[self.row][self.col] = ch
        self.col += 1
        if wide and self.col < self.cols:
            self.cells[self.row][self.col] = ""
            self.col += 1
