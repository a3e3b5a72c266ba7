#!/usr/bin/env python3
"""The HTML report in front of a room, in headless Chromium at 1280x720.

Drives the page through the DevTools protocol over a pipe
(--remote-debugging-pipe: no port, no network) with real key events, and
checks that
  - every step's box fits in 720 px, in normal and in presenter mode,
  - the arrow keys move between steps (focus and scroll follow),
  - p (presenter mode) enlarges the type, and p again restores it,
  - each step's PASS/FAIL badge agrees with the JSON report of the same run
    and the picture marks "LXD error" exactly on the steps LXD refused,
    on the instance and member named by hand below,
  - no two arrow labels of a picture overlap (measured boxes),
  - screenshots of chosen steps match the stored ones in docs/images/
    within a tolerance (see compare()).

Usage: test-html-room.py MIGSIM BUILDDIR [--update]   (from the source root)
--update rewrites the stored screenshots in docs/images/ instead of
comparing (then look at them before committing).
Python standard library only; skips (77) without /usr/bin/chromium.
"""
import base64
import fcntl
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTH, HEIGHT = 1280, 720
ROOM = "tests/reports/data/room.scn"
STORY = "scenarios/lxd-15218.scn"
# (report, step id, presenter, stored screenshot)
SHOTS = [
    (ROOM, "s1-6", False, "docs/images/room-evacuate.png"),
    (ROOM, "s1-8", False, "docs/images/room-refused-fail.png"),
    (ROOM, "s1-7", True, "docs/images/room-presenter.png"),
    (STORY, "s1-10", False, "docs/images/room-15218-restore.png"),
]
# Tolerance: a pixel differs when one channel differs by more than 48 of
# 255 (anti-aliasing and hinting shifts stay below) from the stored pixel
# and from each stored pixel around it, and the stored pixel likewise from
# the new ones around it (a glyph edge one pixel over, as another CPU's
# rasteriser may draw it, is not a difference); a screenshot matches
# when at most 0.02 % of its pixels (184) differ.  Two runs on one machine
# give identical pixels; the smallest change measured, the 15 px "LXD
# error" tag moved 21 px down, differs in 0.07-0.09 %, a changed line of
# text in about 1.5 %.
CHANNEL_TOLERANCE = 48
PIXEL_FRACTION = 0.0002

failures = []


def fail(message):
    print("FAIL: " + message)
    failures.append(message)


# ---- PNG decoding (zlib + the five scanline filters), for compare() ----

def png_pixels(data):
    """(width, height, channels, bytes) of an 8-bit RGB or RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color not in (2, 6) or interlace != 0:
                raise ValueError("unsupported PNG (depth %d, colour type %d)" % (depth, color))
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = bytearray(height * stride)
    prev = bytearray(stride)
    src = 0
    for y in range(height):
        ftype = raw[src]
        line = bytearray(raw[src + 1:src + 1 + stride])
        src += 1 + stride
        if ftype == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif ftype == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ftype == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return width, height, channels, bytes(out)


def pixel_at(data, width, height, channels, x, y):
    if 0 <= x < width and 0 <= y < height:
        i = (y * width + x) * channels
        return data[i:i + 3]
    return None


def close(pa, pb):
    return pb is not None and max(abs(p - q) for p, q in zip(pa, pb)) <= CHANNEL_TOLERANCE


def matched_nearby(pa, other, width, height, channels, x, y):
    """Whether the pixel pa has a close one within 1 px in the other image."""
    return any(close(pa, pixel_at(other, width, height, channels, x + dx, y + dy))
               for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def compare(new_png, stored_path):
    """None when they match within the tolerance, else why not."""
    if not os.path.exists(stored_path):
        return "no stored screenshot %s (run with --update)" % stored_path
    with open(stored_path, "rb") as f:
        w1, h1, c1, a = png_pixels(f.read())
    w2, h2, c2, b = png_pixels(new_png)
    if (w1, h1) != (w2, h2):
        return "size %dx%d, stored %dx%d" % (w2, h2, w1, h1)
    differing = 0
    for y in range(h1):
        ra, rb = a[y * w1 * c1:(y + 1) * w1 * c1], b[y * w2 * c2:(y + 1) * w2 * c2]
        if ra == rb and c1 == c2:
            continue
        for x in range(w1):
            pa, pb = ra[x * c1:x * c1 + 3], rb[x * c2:x * c2 + 3]
            if pa == pb or close(pa, pb):
                continue
            # a glyph edge one pixel over (hinting, anti-aliasing on another
            # CPU) is not a difference; a moved box or changed text is
            if matched_nearby(pa, b, w2, h2, c2, x, y) and matched_nearby(pb, a, w1, h1, c1, x, y):
                continue
            differing += 1
    fraction = differing / float(w1 * h1)
    if fraction > PIXEL_FRACTION:
        return "%.3f %% of the pixels differ (tolerance %.3f %%)" % (100 * fraction, 100 * PIXEL_FRACTION)
    return None


# ---- the DevTools protocol over --remote-debugging-pipe ----

class Browser:
    def __init__(self, profile, stderr):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes on fd 4: the child's
        # ends are first moved above 4, so the dup2s cannot clobber them
        child_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        child_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def fds():
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--force-device-scale-factor=1", "--font-render-hinting=none",
             "--window-size=%d,%d" % (WIDTH, HEIGHT), "--user-data-dir=" + profile,
             "--remote-debugging-pipe", "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4, child_r, child_w),
            stdout=subprocess.DEVNULL, stderr=stderr)
        os.close(child_r)
        os.close(child_w)
        self.buffer = b""
        self.next_id = 0
        self.session = None
        self.events = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = [t for t in targets if t["type"] == "page"][0]
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"],
                                 flatten=True, session=False)["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT,
                  deviceScaleFactor=1, mobile=False)

    def read_message(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, session=True, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method):
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self.read_message())

    def load(self, path):
        self.events = []
        self.call("Page.navigate", url="file://" + os.path.realpath(path))
        self.wait_event("Page.loadEventFired")

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError("page script: %s" % result["exceptionDetails"])
        return result["result"].get("value")

    def key(self, key):
        codes = {"ArrowRight": ("ArrowRight", 39), "ArrowLeft": ("ArrowLeft", 37), "p": ("KeyP", 80)}
        code, vk = codes[key]
        params = {"key": key, "code": code, "windowsVirtualKeyCode": vk}
        if len(key) == 1:
            params["text"] = key
        self.call("Input.dispatchKeyEvent", type="keyDown", **params)
        self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=vk)

    def screenshot(self):
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ---- what the page must do ----

MEASURE_STEPS = """Array.from(document.querySelectorAll('article.step')).map(a => {
    const r = a.getBoundingClientRect();
    const badge = a.querySelector('header .verdict');
    // the step's own boxes, not what scrolls inside its columns: a box
    // that overflows the article counts as part of the step's height
    const boxes = [a].concat(Array.from(a.querySelectorAll(':scope > header, :scope > nav, .step-body, .step-outcome, .step-picture')));
    const bottom = Math.max(...boxes.map(b => b.getBoundingClientRect().bottom));
    // the outcome's own PASS/FAIL must be on the screen without scrolling
    const outcome = a.querySelector('.step-outcome');
    const verdict = a.querySelector('.step-outcome dd .verdict');
    return {id: a.id, height: bottom - r.top, cls: a.className,
            verdictHidden: !!(verdict && outcome && verdict.getBoundingClientRect().bottom > outcome.getBoundingClientRect().bottom + 1),
            badge: badge ? badge.textContent : null,
            refused: Array.from(a.querySelectorAll('svg.ms-state [data-refused]')).map(e => e.dataset.refused),
            said: a.querySelectorAll('figure .err-caption').length,
            labels: Array.from(a.querySelectorAll('svg.ms-state')).map(s =>
                Array.from(s.querySelectorAll('.arrow-label')).map(t => {
                    const b = t.getBBox(); return [t.textContent, b.x, b.y, b.width, b.height]; }))};
})"""


def check_layout(browser, report, mode):
    for step in browser.js(MEASURE_STEPS):
        if step["height"] > HEIGHT:
            fail("%s %s (%s): the step's box is %.0f px high, more than %d"
                 % (report, step["id"], mode, step["height"], HEIGHT))
        if step["verdictHidden"]:
            fail("%s %s (%s): the outcome's PASS/FAIL is below the visible part of its column"
                 % (report, step["id"], mode))
        for labels in step["labels"]:
            for i, a in enumerate(labels):
                if a[2] < 0:
                    fail("%s %s: arrow label %r is above the picture" % (report, step["id"], a[0]))
                for b in labels[i + 1:]:
                    if a[1] < b[1] + b[3] and b[1] < a[1] + a[3] and a[2] < b[2] + b[4] and b[2] < a[2] + a[4]:
                        fail("%s %s: arrow labels %r and %r overlap" % (report, step["id"], a[0], b[0]))


def check_badges(browser, report, json_path):
    """The badge of each command step against the JSON report: PASS exactly
    when the command and the checks listed under it were met; the picture
    marks an LXD error exactly when the outcome was an error."""
    with open(json_path) as f:
        steps = json.load(f)["scenarios"][0]["steps"]
    cards = []
    for s in steps:
        if s["kind"] == "check" and cards:
            cards[-1].append(s)
        else:
            cards.append([s])
    measured = browser.js(MEASURE_STEPS)
    if len(measured) != len(cards):
        fail("%s: %d steps in the page, %d in the JSON report" % (report, len(measured), len(cards)))
        return measured
    for card, step in zip(cards, measured):
        main = card[0]
        if main["kind"] != "command":
            continue
        met = all(s["met"] for s in card)
        if step["badge"] != ("PASS" if met else "FAIL"):
            fail("%s %s: badge %s, the JSON report says met=%s" % (report, step["id"], step["badge"], met))
        if ("fail" in step["cls"].split()) == met:
            fail("%s %s: the step's frame (%s) contradicts its badge" % (report, step["id"], step["cls"]))
        refused = not main["outcome"]["ok"]
        if (step["said"] > 0) != refused or (step["refused"] and not refused):
            fail("%s %s: LXD %s but the picture says %d times it refused and marks %s"
                 % (report, step["id"], "refused" if refused else "accepted", step["said"],
                    step["refused"] or "nothing"))
    return measured


def main():
    migsim, builddir = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv[3:]
    if not os.access(CHROMIUM, os.X_OK):
        print("SKIP: %s not found (Debian package chromium)" % CHROMIUM)
        return 77
    os.makedirs(builddir, exist_ok=True)
    reports = {}
    for scenario in (ROOM, STORY):
        base = os.path.join(builddir, "room-" + os.path.basename(scenario).replace(".scn", ""))
        # room.scn fails one step on purpose: exit status 1 is expected
        subprocess.run([migsim, "run", "-q", "--html", base + ".html", "--json", base + ".json", scenario],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not os.path.exists(base + ".html"):
            print("FAIL: migsim wrote no HTML for " + scenario)
            return 1
        reports[scenario] = base
    with tempfile.TemporaryDirectory() as profile, open(os.path.join(builddir, "room-chromium.log"), "w") as log:
        browser = Browser(profile, log)
        try:
            run_checks(browser, reports, update, builddir)
        finally:
            browser.close()
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    return 0


def run_checks(browser, reports, update, builddir):
    for scenario, base in reports.items():
        before = len(failures)
        browser.load(base + ".html")
        check_layout(browser, scenario, "normal")
        measured = check_badges(browser, scenario, base + ".json")
        browser.key("p")
        check_layout(browser, scenario, "presenter")
        browser.key("p")
        if len(failures) == before:
            print("ok: %s: %d steps fit in %d px in normal and presenter mode, badges agree with the JSON report"
                  % (scenario, len(measured), HEIGHT))

    # what the pictures of room.scn mark, written by hand: the refused moves
    # are about the instance moved and the evacuated member
    before = len(failures)
    browser.load(reports[ROOM] + ".html")
    marks = {s["id"]: sorted(s["refused"]) for s in browser.js(MEASURE_STEPS) if s["refused"]}
    want = {"s1-7": ["m1", "web-frontend-01"], "s1-8": ["m1", "web-frontend-02"]}
    if marks != want:
        fail("room.scn: LXD error marks %s, expected %s" % (marks, want))
    labels = [l[0] for s in browser.js(MEASURE_STEPS) if s["id"] == "s1-6" for pic in s["labels"] for l in pic]
    if len(labels) != 3:
        fail("the evacuation's picture has %d arrow labels, expected 3: %s" % (len(labels), labels))
    # lxd-15218: the attach of volume bar (line 21) and the restore (line 28)
    browser.load(reports[STORY] + ".html")
    marks = {s["id"]: sorted(s["refused"]) for s in browser.js(MEASURE_STEPS) if s["refused"]}
    # the names LXD's messages quote (lines 31 and 41 of the scenario; line
    # 55 refuses as line 40 did)
    want = {"s1-8": ["bar"], "s1-10": ["foo", "v1"], "s1-15": ["foo", "v1"]}
    if marks != want:
        fail("lxd-15218.scn: LXD error marks %s, expected %s" % (marks, want))
    if len(failures) == before:
        print("ok: LXD error marked on what the error names; 3 arrow labels, none overlapping")

    # arrow keys: each press goes one step and scrolls it to the top
    before = len(failures)
    where = "[document.activeElement.id, Math.round(document.activeElement.getBoundingClientRect().top)]"
    for key, want_id in [("ArrowRight", "s1-1"), ("ArrowRight", "s1-2"), ("ArrowRight", "s1-3"),
                         ("ArrowLeft", "s1-2"), ("ArrowLeft", "s1-1"), ("ArrowLeft", "s1-1")]:
        browser.key(key)
        got, top = browser.js(where)
        if got != want_id or not 0 <= top <= 40:
            fail("%s: focus on %r at %s px, expected %s at the top of the screen" % (key, got, top, want_id))
    if len(failures) == before:
        print("ok: the arrow keys move one step at a time and bring it to the top")

    # presenter mode enlarges the type
    size = "parseFloat(getComputedStyle(document.querySelector('article.step .cmd')).fontSize)"
    before = browser.js(size)
    browser.key("p")
    during = browser.js(size)
    pressed = browser.js("document.getElementById('ms-presenter').getAttribute('aria-pressed')")
    browser.key("p")
    after = browser.js(size)
    if not (during >= 1.3 * before and after == before and pressed == "true"):
        fail("presenter mode: command type %.1f px -> %.1f px -> %.1f px (aria-pressed %s)"
             % (before, during, after, pressed))
    else:
        print("ok: p enlarges the type (%.1f px -> %.1f px) and p again restores it" % (before, during))

    # screenshots: go to the step with the arrow keys, as a trainer would
    for scenario, step_id, presenter, stored in SHOTS:
        browser.load(reports[scenario] + ".html")
        if presenter:
            browser.key("p")
        for _ in range(int(step_id.split("-")[1])):
            browser.key("ArrowRight")
        browser.js("document.activeElement.blur(); window.getSelection().removeAllRanges(); 0")
        png = browser.screenshot()
        shot = os.path.join(builddir, os.path.basename(stored))
        with open(shot, "wb") as f:
            f.write(png)
        if update:
            with open(stored, "wb") as f:
                f.write(png)
            print("updated " + stored)
            continue
        why = compare(png, stored)
        if why:
            fail("screenshot %s %s differs from %s: %s (new one: %s)" % (scenario, step_id, stored, why, shot))
        else:
            print("ok: screenshot of %s %s matches %s" % (scenario, step_id, stored))


if __name__ == "__main__":
    sys.exit(main())
