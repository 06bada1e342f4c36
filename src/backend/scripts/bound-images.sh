# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The logically bound image declarations of one deployment root (CONTRACT.md §6), read-only: each entry
# of ROOT/usr/lib/bootc/bound-images.d with what it points to and the quadlet text, one line per entry,
# every field base64 so names and contents cannot break the lines:
#   entry NAME64 KIND TARGET64 STATE CONTENT64
# KIND is link, file or other; STATE is read, missing (dangling link) or big (over 64 KiB, not read).
# Absolute links resolve inside ROOT, as bootc resolves them. Prints "no-root" when ROOT does not exist,
# "none" when it declares nothing.
#
#   bound-images.sh ROOT
set -u
root=${1%/}
dir=$root/usr/lib/bootc/bound-images.d

b64() { base64 | tr -d '\n'; }

if [ ! -d "$root/" ]; then echo no-root; exit 0; fi
if [ ! -d "$dir" ]; then echo none; exit 0; fi
found=
for entry in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    found=1
    name=${entry##*/}
    target= kind=other state=missing content=
    if [ -L "$entry" ]; then
        kind=link
        target=$(readlink "$entry")
        case $target in
            /*) path=$root$target ;;
            *) path=$dir/$target ;;
        esac
    elif [ -f "$entry" ]; then
        kind=file
        path=$entry
    else
        path=
    fi
    if [ -n "$path" ] && [ -f "$path" ] && [ -r "$path" ]; then
        if [ "$(wc -c < "$path")" -gt 65536 ]; then state=big; else state=read; content=$(b64 < "$path"); fi
    fi
    printf 'entry %s %s %s %s %s\n' "$(printf '%s' "$name" | b64)" "$kind" "$(printf '%s' "$target" | b64)" "$state" "$content"
done
[ -n "$found" ] || echo none
