"""Generate the demo project's stand-in media under media/ (the output is committed).

Every photo and clip named in content/periods/*/highlights/*.yml is drawn procedurally: halls,
courtrooms, meeting rooms and outdoor scenes with Vietnamese banners, each marked "Ảnh minh họa".
Photos carry real EXIF (date, camera, GPS on outdoor shots) so the site's stripping can be
tested; clips are H.264 + AAC with speech from espeak-ng. Fixed seeds: the same run gives the
same files. The work is done by the ``demo_media`` package beside this script.

    python scripts/make_demo_media.py [--project DIR] [--out DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the generator package
from demo_media.run import main

if __name__ == "__main__":
    raise SystemExit(main())
