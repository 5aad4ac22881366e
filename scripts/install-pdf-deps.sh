#!/usr/bin/env bash
# Installs what printing notices to PDF needs, from Debian's archive only (never a downloaded browser):
#   chromium          the headless browser that playwright-core drives (templates/pdf.ts)
#   poppler-utils     pdfinfo / pdftotext, used by test/integration/pdf.test.ts
#   fontconfig        so Chromium finds the fonts below
#   fonts-noto-cjk    宋体/黑体 roles and the 小标宋 stand-in (Noto Serif/Sans CJK SC), and the fallback for
#                     any character the other faces lack
#   fonts-sil-dai-banna  西双版纳新傣文 (New Tai Lue, U+1980–U+19DF) for the Dai masthead line
#   Fandol 仿宋 and 楷体  the body (3号仿宋) and level-2 heading (楷体) faces. Debian ships no simplified
#                     仿宋 package; the GPL Fandol fonts come inside texlive-lang-chinese, whose TeX
#                     dependencies we do not want, so only the two .otf files are taken out of the .deb.
# The licensed faces (仿宋_GB2312, 方正小标宋) are used instead whenever a machine has them installed; see
# the @font-face rules in templates/partials/print-css.css.
#
# Idempotent: each part is skipped when already present. Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(chromium poppler-utils fontconfig fonts-noto-cjk fonts-sil-dai-banna)
FANDOL_DIR=/usr/local/share/fonts/fandol
FANDOL_FILES=(FandolFang-Regular.otf FandolKai-Regular.otf)
FANDOL_SOURCE_PKG=texlive-lang-chinese
FANDOL_PATH_IN_DEB=./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "install-pdf-deps: root is needed to run: $*" >&2
    exit 1
  fi
}

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# apt-get update only when the package lists cannot answer: it is slow and touches the network.
apt_lists_know() {
  local pkg
  for pkg in "$@"; do
    [[ -n $(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" {print $2}') ]] || return 1
  done
}

ensure_apt_lists() {
  if ! apt_lists_know "$@"; then
    echo "install-pdf-deps: refreshing package lists"
    as_root apt-get update -qq
  fi
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  ensure_apt_lists "${missing[@]}"
  echo "install-pdf-deps: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-pdf-deps: packages already installed"
fi

fandol_missing=0
for f in "${FANDOL_FILES[@]}"; do
  [[ -f $FANDOL_DIR/$f ]] || fandol_missing=1
done
if ((fandol_missing)); then
  ensure_apt_lists "$FANDOL_SOURCE_PKG"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # apt-get download drops privileges to _apt, which needs to write here.
  chmod 0777 "$work"
  echo "install-pdf-deps: taking the Fandol 仿宋/楷体 fonts out of $FANDOL_SOURCE_PKG"
  (cd "$work" && apt-get download -qq "$FANDOL_SOURCE_PKG")
  deb=$(find "$work" -maxdepth 1 -name "${FANDOL_SOURCE_PKG}_*.deb" | head -n 1)
  members=()
  for f in "${FANDOL_FILES[@]}"; do members+=("$FANDOL_PATH_IN_DEB/$f"); done
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" "${members[@]}"
  as_root install -d -m 0755 "$FANDOL_DIR"
  for f in "${FANDOL_FILES[@]}"; do as_root install -m 0644 "$work/$FANDOL_PATH_IN_DEB/$f" "$FANDOL_DIR/$f"; done
  as_root fc-cache -f "$FANDOL_DIR" >/dev/null
else
  echo "install-pdf-deps: Fandol fonts already installed"
fi

# Fail here, with the name of what is missing, rather than later with a PDF full of fallback glyphs.
check_font() {
  if [[ -z $(fc-list ":postscriptname=$1" postscriptname) ]]; then
    echo "install-pdf-deps: font $1 is still missing" >&2
    exit 1
  fi
}
check_font FandolFang-Regular
check_font FandolKai-Regular
check_font NotoSerifCJKsc-Regular
check_font NotoSerifCJKsc-Bold
check_font NotoSansCJKsc-Regular
check_font DaiBannaSILBook
command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null
echo "install-pdf-deps: ok — $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
