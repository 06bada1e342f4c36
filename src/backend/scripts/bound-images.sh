# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The logically bound image declarations of one deployment root (CONTRACT.md §6), read-only: each entry
# of ROOT/usr/lib/bootc/bound-images.d with what it points to and the quadlet text. One line per entry,
# then every name, link target and quadlet text as bytes, in one base64 field that lines cannot break:
#   entry KIND STATE NAME-BYTES TARGET-BYTES CONTENT-BYTES
#   ...
#   data BASE64
# DATA is each entry's name and target (in the order of the lines), then the contents of the entries
# whose STATE is read, in the same order. KIND is link, file or other; STATE is read, missing (dangling
# link), loop (more than 40 links), big (over 64 KiB, not read) or skipped (not a link: bootc refuses it
# unread). Names are bytes as they are: bootc refuses a name that is not UTF-8. Every path is resolved
# inside ROOT, as bootc resolves it (openat2 RESOLVE_IN_ROOT): an absolute link starts again at ROOT
# and ".." stops at ROOT, so nothing outside the deployment is ever read. Prints "no-root" when ROOT does
# not exist, "none" when it declares nothing, "dir-loop" when bound-images.d is behind a link loop.
#
# One pass with a fixed number of processes (readlink, wc, stat, cat, base64) however many entries
# there are: a fork per entry took seconds for hundreds of them. Per-entry state lives in variables named
# by the entry's number (eval is given only those numbers, never a name).
#
#   bound-images.sh ROOT
set -u
# byte lengths (${#var}) and byte-wise globbing
export LC_ALL=C
root=${1%/}

# in_root PATH HOPS: sets resolved to PATH (absolute, inside ROOT) with every link resolved inside
# ROOT, without ROOT; fails after 40 links (ELOOP), counting from HOPS already followed
in_root() {
    rest=$1 out= hops=$2
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
    resolved=${out:-/}
}

if [ ! -d "$root/" ]; then echo no-root; exit 0; fi
# a directory behind more than 40 links: not "none", which would be a claim (the page cannot read it)
in_root /usr/lib/bootc/bound-images.d 0 || { echo dir-loop; exit 0; }
rel=$resolved
dir=$root$rel
if [ ! -d "$dir" ]; then echo none; exit 0; fi

# the entries; the links among them as a list of references ("$entry_3" "$entry_5" ...) that one eval
# turns into arguments (adding arguments one at a time costs the square of their number)
n=0
links=0
linkrefs=
for entry in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    n=$((n + 1))
    eval "name_$n=\${entry##*/} entry_$n=\$entry target_$n= path_$n= size_$n=0"
    if [ -L "$entry" ]; then
        links=$((links + 1))
        eval "kind_$n=link state_$n=missing link_$links=$n"
        linkrefs="$linkrefs \"\$entry_$n\""
    elif [ -f "$entry" ]; then
        eval "kind_$n=file state_$n=skipped"
    else
        eval "kind_$n=other state_$n=missing"
    fi
done
if [ "$n" -eq 0 ]; then echo none; exit 0; fi

# every link's target with one readlink, a line each; a target with a line break in it (more lines
# than links) or a link gone meanwhile: each read on its own
if [ "$links" -gt 0 ]; then
    eval "set -- $linkrefs"
    targets=$(readlink -- "$@" && echo x) || targets=
    k=0
    if [ -n "$targets" ]; then
        targets=${targets%x}
        while IFS= read -r target && [ "$k" -lt "$links" ]; do
            k=$((k + 1))
            eval "i=\$link_$k"
            eval "target_$i=\$target"
        done <<LINES
$targets
LINES
    fi
    # one line per link (the here-document's own last line is not read), else read each alone
    if [ "$k" -ne "$links" ] || [ "$(printf '%s' "$targets" | wc -l)" -ne "$links" ]; then
        k=0
        while [ "$k" -lt "$links" ]; do
            k=$((k + 1))
            eval "i=\$link_$k"
            eval "entry=\$entry_$i"
            target=$(readlink "$entry"; echo x)
            eval "target_$i=\${target%?x}"
        done
    fi
fi

# each link resolved inside the root; the entries whose files are to be read
readable=
k=0
while [ "$k" -lt "$links" ]; do
    k=$((k + 1))
    eval "i=\$link_$k"
    eval "target=\$target_$i"
    # the entry's own link is one hop; its target is read from the (resolved) directory it is in
    case $target in /*) from=$target ;; *) from=$rel/$target ;; esac
    if in_root "$from" 1; then
        if [ -f "$root$resolved" ] && [ -r "$root$resolved" ]; then
            eval "path_$i=\$root\$resolved"
            readable="$readable $i"
        fi
    else
        eval "state_$i=loop"
    fi
done

# their sizes with one stat, a number a line in the order asked; those up to 64 KiB are read
readrefs=
if [ -n "$readable" ]; then
    refs=
    for i in $readable; do refs="$refs \"\$path_$i\""; done
    eval "set -- $refs"
    sizes=$(stat -c %s -- "$@") || exit 1
    set -- $readable
    while IFS= read -r size && [ "$#" -gt 0 ]; do
        i=$1
        shift
        if [ "$size" -gt 65536 ]; then
            eval "state_$i=big"
        else
            eval "state_$i=read size_$i=\$size"
            readrefs="$readrefs \"\$path_$i\""
        fi
    done <<SIZES
$sizes
SIZES
fi

lines=
data=
i=0
while [ "$i" -lt "$n" ]; do
    i=$((i + 1))
    lines="$lines \"\$kind_$i\" \"\$state_$i\" \"\${#name_$i}\" \"\${#target_$i}\" \"\$size_$i\""
    data="$data \"\$name_$i\" \"\$target_$i\""
done
eval "printf 'entry %s %s %s %s %s\n' $lines"
printf 'data '
{
    eval "printf '%s' $data"
    eval "set -- $readrefs"
    [ "$#" -eq 0 ] || cat -- "$@"
} | base64 | tr -d '\n'
echo
