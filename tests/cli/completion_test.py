#!/usr/bin/env python3
"""Shell completion (cmd/completion/mrtd.bash and _mrtd) against the built binary: the subcommand
tree and each subcommand's options are read from `mrtd ... --help`, then

- bash: the completion function is run for every subcommand and must offer exactly its options,
  exactly its subcommands, exactly the values of each option with a fixed set (CLI11's
  `TEXT:{a,b}`), and files where the subcommand takes operands (options where it takes none);
  every other option must be known as taking a value (a path or free text) or as a flag;
- zsh: each subcommand's function (`_mrtd_GROUP_SUB`) must list exactly its options, each
  taking a value or not as --help says, with the same value sets, and an operand spec exactly
  when it takes operands;
- both files pass `bash -n` / `zsh -n` (the zsh part is skipped with a message when zsh is not
  installed).

The completion files are static, so a new option or subcommand fails this test until it is
added to both."""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import namedtuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, Tally, run  # noqa: E402

BASH_FILE = os.path.join(ROOT, "cmd", "completion", "mrtd.bash")
ZSH_FILE = os.path.join(ROOT, "cmd", "completion", "_mrtd")
END = "@@end@@"


# One --help: option names, {option: value set}, the options that take a value, subcommand
# names, and whether there are operands (positionals).
Help = namedtuple("Help", "options values takes_value subcommands operands")


def parse_help(text):
    """The Help of one CLI11 --help text."""
    options, values, takes_value, subcommands = set(), {}, set(), []
    section = None
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line[:-1]
            continue
        names = re.match(r"^  (-\S+)", line)
        if section == "Options" and names:
            typed = re.match(r"^  \S+ (TEXT|INT|UINT|FLOAT|NUMBER)\b", line)
            choices = re.search(r":\{([^}]*)\}", line)
            for name in names.group(1).split(","):
                options.add(name)
                if typed:
                    takes_value.add(name)
                if choices:
                    values[name] = set(choices.group(1).split(","))
        word = re.match(r"^  ([a-z]\S*)\s", line)
        if section == "Subcommands" and word:
            subcommands.append(word.group(1))
    return Help(options, values, takes_value, subcommands, "Positionals:" in text)


def command_tree(binary):
    """{command words (tuple): parsed --help}, from mrtd itself down to every subcommand."""
    tree, todo = {}, [()]
    while todo:
        command = todo.pop(0)
        code, out, err = run(binary, [*command, "--help"])
        if code != 0:
            raise SystemExit(f"mrtd {' '.join(command)} --help: exit {code}: {err}")
        tree[command] = parse_help(out)
        todo += [command + (sub,) for sub in tree[command].subcommands]
    return tree


def bash_complete(queries, cwd):
    """Runs each query in one bash: a list of words completes the last one with _mrtd; a
    ("values", command, option) triple prints what _mrtd_values says follows the option."""
    script = [f"source {shlex.quote(BASH_FILE)}",
              'q() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _mrtd 2>/dev/null;'
              f' printf "%s\\n" "${{COMPREPLY[@]}}" {END}; }}',
              f'v() {{ _mrtd_values "$1" "$2"; echo {END}; }}']
    for query in queries:
        if isinstance(query, tuple):
            script.append("v " + " ".join(shlex.quote(w) for w in query[1:]))
        else:
            script.append("q " + " ".join(shlex.quote(w) for w in query))
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", "\n".join(script)], cwd=cwd,
                          capture_output=True, text=True, timeout=60)
    replies = proc.stdout.split(END + "\n")[:-1]
    if proc.returncode != 0 or len(replies) != len(queries):
        raise SystemExit(f"bash completion run failed (exit {proc.returncode}): {proc.stderr}")
    return [set(r.split()) for r in replies]


def zsh_function(text, name):
    """The body of a zsh function `name() {` ... `}` (None when missing)."""
    match = re.search(r"^" + re.escape(name) + r"\(\) \{\n(.*?)^\}", text, re.S | re.M)
    return match.group(1) if match else None


def check_bash(t, tree):
    t.check(subprocess.run(["bash", "-n", BASH_FILE]).returncode == 0, "bash -n mrtd.bash")
    cases = []  # (query, what, the exact reply wanted or None, test of the reply)

    def exactly(query, what, want):
        cases.append((query, what, want, lambda got: got == want))

    for command, help in tree.items():
        words = ["mrtd", *command]
        name = " ".join(words)
        exactly(words + ["-"], f"{name} -<TAB>: the options of --help", help.options)
        if help.subcommands:
            exactly(words + [""], f"{name} <TAB>: the subcommands", set(help.subcommands))
            continue
        for option, choices in sorted(help.values.items()):
            exactly(words + [option, ""], f"{name} {option} <TAB>: its values", choices)
            # bash splits `--format=` at the '=' (COMP_WORDBREAKS)
            exactly(words + [option, "="], f"{name} {option}=<TAB>: its values", choices)
        exactly(words + [""], f"{name} <TAB>: " + ("files" if help.operands else "options"),
                {"operand.file"} if help.operands else help.options)
        # Every other option is known to take a value (a path or free text) or to take none.
        for option in sorted(help.options - set(help.values)):
            takes = option in help.takes_value
            cases.append((("values", " ".join(command), option),
                          f"{name} {option} " + ("takes a value" if takes else "is a flag"),
                          None, lambda got, takes=takes: bool(got) == takes))
    with tempfile.TemporaryDirectory() as scratch:
        open(os.path.join(scratch, "operand.file"), "w").close()
        replies = bash_complete([case[0] for case in cases], scratch)
    for (_, what, want, ok), got in zip(cases, replies):
        detail = f"missing {sorted(want - got)}, extra {sorted(got - want)}" if want is not None \
            else f"_mrtd_values gives {sorted(got)}"
        t.check(ok(got), f"bash: {what}: {detail}")


def check_zsh(t, tree):
    if shutil.which("zsh") is None:
        print("zsh is not installed (apt-get install zsh): zsh checks skipped")
        return
    t.check(subprocess.run(["zsh", "-n", ZSH_FILE]).returncode == 0, "zsh -n _mrtd")
    with open(ZSH_FILE, encoding="utf-8") as f:
        text = f.read()
    for command, help in tree.items():
        name = "_mrtd" + "".join("_" + w for w in command)
        body = zsh_function(text, name)
        if not t.check(body is not None, f"zsh: {name}() for mrtd {' '.join(command)}"):
            continue
        if help.subcommands:
            listed = set(re.findall(r"^\s+['\"]([a-z][a-z-]*):", body, re.M))
            t.check(listed == set(help.subcommands), f"zsh: {name} lists the subcommands "
                    f"{sorted(help.subcommands)}, not {sorted(listed)}")
            if "_arguments" not in body:  # a group: its options are _mrtd_group's
                body = zsh_function(text, "_mrtd_group") or ""
        # Option specs: after a quote, a '*' (repeatable), an exclusion list or in a {-o+,--out=}
        # pair, the name, '=' or '+' when it takes a value, then '[' (its description) or the
        # pair's ',' or '}'. Names in descriptions and exclusion lists follow a space or '('.
        specs = dict(re.findall(r"(?<=['\"*){,])(--?[a-zA-Z][\w-]*)([=+]?)(?=[\[,}])", body))
        t.check(set(specs) == help.options,
                f"zsh: {name} options: missing {sorted(help.options - set(specs))}, "
                f"extra {sorted(set(specs) - help.options)}")
        for option in sorted(help.options & set(specs)):
            takes = option in help.takes_value
            t.check(bool(specs[option]) == takes,
                    f"zsh: {name} {option} " + ("takes a value" if takes else "is a flag"))
        for option, choices in sorted(help.values.items()):
            spec = re.search(re.escape(option) + r"=?\[[^\]]*\]:[^:]*:\(([^)]*)\)", body)
            got = set(spec.group(1).split()) if spec else set()
            t.check(got == choices, f"zsh: {name} {option} values: missing "
                                    f"{sorted(choices - got)}, extra {sorted(got - choices)}")
        if not help.subcommands:
            has_operands = re.search(r"^\s+'(\*|\d+):", body, re.M) is not None
            t.check(has_operands == help.operands,
                    f"zsh: {name} {'lacks' if help.operands else 'has'} an operand spec")


def main():
    binary = os.path.abspath(sys.argv[1])
    t = Tally()
    tree = command_tree(binary)
    t.check(len(tree) > 10, f"the --help tree has {len(tree)} commands")
    check_bash(t, tree)
    check_zsh(t, tree)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
