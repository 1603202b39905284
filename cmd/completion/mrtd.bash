# bash completion for mrtd(1)                                    -*- shell-script -*-
#
# Installed as ${datadir}/bash-completion/completions/mrtd, where bash-completion loads it on
# first use; or source it from ~/.bashrc. Static on purpose: it never runs mrtd. The
# subcommands, options and value sets mirror `mrtd ... --help`; tests/cli/completion_test.py
# checks them against the built binary, so a new option fails the test until it is added here
# and in _mrtd (zsh).

# What follows an option: its value words when they are a fixed set, "@file" or "@dir" for a
# path, "@text" for free text (nothing to offer), or nothing for an option that takes no value.
# $1 is the command ("mrz check", "examine", ...), $2 the option.
_mrtd_values()
{
    case "$1 $2" in
        *" --color") echo "auto always never" ;;
        "pki list --format" | "pki show --format") echo "json text" ;;
        *" --format") echo "json text summary" ;;
        "mrz check --format-hint") echo "td1 td2 td3 mrva mrvb fra-id" ;;
        "mrz make --type") echo "td1 td2 td3 mrva mrvb" ;;
        "mrz make --long-number-filler") echo "exclude include" ;;
        "mrz make --umlauts") echo "expand strip" ;;
        "specimen chip --type") echo "td3 td1 td2" ;;
        "specimen chip --algorithm") echo "rsa pss p256 brainpoolP256r1 brainpoolP384r1" ;;
        "specimen chip --hash" | "specimen chip --lds-hash")
            echo "sha1 sha224 sha256 sha384 sha512" ;;
        "specimen chip --sid") echo "issuer-serial ski" ;;
        "specimen chip --corrupt")
            echo "dg1_hash dg2_hash signature message_digest content_type_attribute" \
                "no_signed_attributes inject_dg dsc_self_signed foreign_csca foreign_country" \
                "expired_dsc revoked com_mismatch mrz_check_digit" ;;
        "specimen pkd --corrupt")
            echo "list_signature list_content signer_without_eku signer_foreign_csca" \
                "ldif_bad_base64 ldif_truncated" ;;
        "specimen seal --curve")
            echo "prime256v1 secp384r1 secp521r1 brainpoolP224r1 brainpoolP256r1 brainpoolP384r1" ;;
        "specimen document --forge") echo "none mrz chip seal inconsistent expired" ;;
        "pki list --kind") echo "csca link dsc mlsigner crl other" ;;
        "pki lint --profile") echo "auto csca link dsc mlsigner dlsigner barcode-signer" ;;
        "seal make --symbology") echo "datamatrix qrcode pdf417 aztec" ;;
        # Folders.
        "specimen "*" --out" | *" --keys" | *" --extract-dir" | *" --store") echo "@dir" ;;
        # Files (several of them also take a folder, text or hex: files are the useful guess).
        *" --trust" | *" --mrz" | *" --sod" | *" --com" | *" --aa-response" | *" --from" | \
        *" --raw" | *" --anchor" | *" --key" | *" --cert" | *" --out" | *" -o" | \
        *" --payload-out" | *" --signer-key" | *" --csca-key" | *" --csca-cert" | \
        *" --dsc-key" | *" --seal-key") echo "@file" ;;
        # Dates, names, numbers, hex; --dg N=FILE gets its file after the '=' (see _mrtd).
        *" --at" | *" --valid-at" | *" --expired-at" | *" --signing-time" | *" --csca-validity" | \
        *" --dsc-validity" | *" --code" | *" --country" | *" --nationality" | *" --surname" | \
        *" --given-names" | *" --number" | *" --birth" | *" --sex" | *" --expiry" | \
        *" --optional-data" | *" --personal-number" | *" --optional-data-2" | \
        *" --aa-challenge" | *" --hex" | *" --scale" | *" --dg") echo "@text" ;;
    esac
}

# The options of a command ("" for mrtd itself, a group, or "group subcommand").
_mrtd_options()
{
    local output="--format --color --verbose"
    local images="--raw --hex --no-tiles --no-invert"
    local trust="--trust --at --mrz"
    case "$1" in
        "") echo "-h --help --version" ;;
        mrz | chip | specimen | pki | barcode | seal) echo "-h --help" ;;
        examine) echo "-h --help $trust --batch $output" ;;
        "mrz check")
            echo "-h --help --format-hint --at --repair --normalize --require-unexpired --batch" \
                "$output" ;;
        "mrz make")
            echo "-h --help --type --code --country --nationality --surname --given-names" \
                "--number --birth --sex --expiry --optional-data --personal-number" \
                "--optional-data-2 --long-number-filler --umlauts --from --json" ;;
        "chip verify")
            echo "-h --help --sod --com --dg $trust --aa-challenge --aa-response --batch $output" ;;
        "chip dump") echo "-h --help --sod --com --dg --extract-dir --at $output" ;;
        "specimen chip")
            echo "-h --help --out --algorithm --explicit-params --hash --lds-hash --sid" \
                "--signing-time --csca-validity --dsc-validity --type --code --country" \
                "--nationality --surname --given-names --number --birth --sex --expiry" \
                "--personal-number --aa --corrupt --keys --force" ;;
        "specimen pkd") echo "-h --help --out --corrupt --keys --force" ;;
        "specimen seal")
            echo "-h --help --out --curve --signer-key --csca-key --csca-cert --self-signed" \
                "--force" ;;
        "specimen document")
            echo "-h --help --out --forge --csca-key --dsc-key --seal-key --force" ;;
        "pki import") echo "-h --help --store --anchor --accept-unverified --at" ;;
        "pki list") echo "-h --help --store --country --kind --valid-at --expired-at --format" ;;
        "pki show") echo "-h --help --store --format" ;;
        "pki lint") echo "-h --help --profile --at $output" ;;
        "barcode read") echo "-h --help $images $output" ;;
        "seal verify") echo "-h --help $images $trust $output" ;;
        "seal make") echo "-h --help --key --cert -o --out --payload-out --symbology --scale" ;;
    esac
}

_mrtd_commands()
{
    case "$1" in
        "") echo "mrz chip specimen pki barcode seal examine" ;;
        mrz) echo "check make" ;;
        chip) echo "verify dump" ;;
        specimen) echo "chip pkd seal document" ;;
        pki) echo "import list show lint" ;;
        barcode) echo "read" ;;
        seal) echo "verify make" ;;
    esac
}

# Commands whose operands are files or folders; the others take options only.
_mrtd_takes_paths()
{
    case "$1" in
        examine | "mrz check" | "chip verify" | "chip dump" | "pki import" | "pki show" | \
        "pki lint" | "barcode read" | "seal verify" | "seal make") return 0 ;;
    esac
    return 1
}

_mrtd_paths()
{
    # $1: -f for files (and folders), -d for folders only.
    if declare -F _filedir >/dev/null; then
        # bash-completion's version quotes, expands ~ and honours -o filenames.
        if [[ $1 == -d ]]; then _filedir -d; else _filedir; fi
    else
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen "$1" -- "$cur")
    fi
}

_mrtd()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # `--format=<TAB>` and `--dg 1=<TAB>`: bash splits words at '=' (COMP_WORDBREAKS).
    local after_equals=
    if [[ $cur == "=" ]]; then
        cur= after_equals=1
    elif [[ $prev == "=" ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]} after_equals=1
    fi

    # The command so far: a group and its subcommand, or examine. Options come after it.
    local cmd= word i
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        [[ $word == -* ]] && continue
        cmd=${cmd:+$cmd }$word
        case "$cmd" in
            mrz | chip | specimen | pki | barcode | seal) ;;
            *) break ;;
        esac
    done

    # A subcommand is still missing.
    if [[ -z $cmd || ($cmd != *" "* && $cmd != examine) ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$(_mrtd_options "$cmd")" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$(_mrtd_commands "$cmd")" -- "$cur")
        fi
        return
    fi

    # The value of an option.
    if [[ $prev == -* ]]; then
        local values
        values=$(_mrtd_values "$cmd" "$prev")
        case "$values" in
            "") ;; # an option without a value: complete what follows it
            @text) return ;;
            @dir) _mrtd_paths -d; return ;;
            @file) _mrtd_paths -f; return ;;
            *)
                mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
                return ;;
        esac
    elif [[ -n $after_equals ]]; then
        # `--dg 1=DG1.bin`: the part after '=' is a file.
        _mrtd_paths -f
        return
    fi

    if [[ $cur == -* ]] || ! _mrtd_takes_paths "$cmd"; then
        mapfile -t COMPREPLY < <(compgen -W "$(_mrtd_options "$cmd")" -- "$cur")
    else
        _mrtd_paths -f
    fi
}

complete -F _mrtd mrtd
