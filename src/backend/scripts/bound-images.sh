# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The logically bound image declarations of one deployment root (CONTRACT.md §6), read-only: each entry
# of ROOT/usr/lib/bootc/bound-images.d with what it points to and the quadlet text, one line per entry,
# every field base64 so names and contents cannot break the lines:
#   entry NAME64 KIND TARGET64 STATE CONTENT64
# KIND is link, file or other; STATE is read, missing (dangling link), loop (more than 40 links) or big
# (over 64 KiB, not read). NAME64 is the name's bytes as they are: bootc refuses a name that is not UTF-8. Every path is resolved inside ROOT, as bootc resolves it (openat2
# RESOLVE_IN_ROOT): an absolute link starts again at ROOT and ".." stops at ROOT, so nothing outside the
# deployment is ever read. Prints "no-root" when ROOT does not exist, "none" when it declares nothing.
#
#   bound-images.sh ROOT
set -u
root=${1%/}

b64() { base64 | tr -d '\n'; }

# in_root PATH: PATH (absolute, inside ROOT) with every link resolved inside ROOT, printed without
# ROOT; fails after 40 links (ELOOP)
in_root() {
    rest=$1 out= hops=0
    while :; do
        while [ "${rest#/}" != "$rest" ]; do rest=${rest#/}; done
        [ -n "$rest" ] || break
        comp=${rest%%/*}
        case $rest in */*) rest=${rest#*/} ;; *) rest= ;; esac
        case $comp in
            .) continue ;;
            ..) out=${out%/*}; continue ;;
        esac
        if [ -L "$root$out/$comp" ]; then
            hops=$((hops + 1))
            [ "$hops" -le 40 ] || return 1
            link=$(readlink "$root$out/$comp"; echo x)
            link=${link%?x}
            case $link in /*) out= ;; esac
            rest=$link/$rest
        else
            out=$out/$comp
        fi
    done
    printf '%s\n' "${out:-/}"
}

if [ ! -d "$root/" ]; then echo no-root; exit 0; fi
# a directory behind more than 40 links: not "none", which would be a claim (the page cannot read it)
rel=$(in_root /usr/lib/bootc/bound-images.d) || { echo dir-loop; exit 0; }
dir=$root$rel
if [ ! -d "$dir" ]; then echo none; exit 0; fi
found=
for entry in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    found=1
    name=${entry##*/}
    target= kind=other state=missing content=
    if [ -L "$entry" ]; then
        kind=link
        target=$(readlink "$entry"; echo x)
        target=${target%?x}
        if resolved=$(in_root "$rel/$name"); then path=$root$resolved; else path= state=loop; fi
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
