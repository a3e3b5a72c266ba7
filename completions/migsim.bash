# bash completion for migsim: commands, options, release names and scenario
# files.  Commands come from `migsim --dump-cli`, a command's options from
# `migsim COMMAND --help`, release names from `migsim profiles`, so they
# follow the installed binary.

# The options of `migsim $1` (binary $2), short and long, one a line,
# "NAME=" for one that takes a value.
_migsim_options()
{
    "$2" "$1" --help 2>/dev/null | awk '/^  -/ {
        v = ($0 ~ /^  (-., )?--[^ =]*=/) ? "=" : ""
        l = $1
        if (l ~ /,$/) { sub(/,$/, "", l); print l v; l = $2 }
        sub(/=.*/, "", l); print l v }'
}

_migsim()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev= migsim=${COMP_WORDS[0]} command=${COMP_WORDS[1]}
    local i=$((COMP_CWORD - 1))
    [[ $i -ge 1 ]] && prev=${COMP_WORDS[i]}
    # "--profile=lx": bash splits at '=' (COMP_WORDBREAKS)
    if [[ $prev == "=" ]]; then
        prev=${COMP_WORDS[i - 1]}
    elif [[ $cur == "=" ]]; then
        prev=${COMP_WORDS[i]} cur=
    fi
    COMPREPLY=()

    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$("$migsim" --dump-cli 2>/dev/null | cut -f1) --help --version" -- "$cur"))
        return
    fi
    [[ $command == help ]] && {
        COMPREPLY=($(compgen -W "$("$migsim" --dump-cli 2>/dev/null | cut -f1)" -- "$cur"))
        return
    }

    local options takes_value=
    options=$(_migsim_options "$command" "$migsim")
    [[ $prev == -* ]] && grep -qx -e "$prev=" <<<"$options" && takes_value=1
    if [[ -n $takes_value ]]; then
        case $prev in
        -p | --profile)
            COMPREPLY=($(compgen -W "$("$migsim" profiles 2>/dev/null | sed -n 's/^\([a-z][^ ]*\).*/\1/p')" -- "$cur"))
            ;;
        --color)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
            ;;
        *)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            ;;
        esac
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(tr -d = <<<"$options")" -- "$cur"))
        return
    fi
    # arguments: scenario files and the directories that may hold them
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.scn' -- "$cur"))
}
complete -F _migsim migsim
