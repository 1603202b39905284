"""DER building blocks for crafting hostile inputs in the CLI tests: a TLV writer and a small
tree of definite-length TLVs to edit a signed structure (a SignerInfo inside EF.SOD) and write
it back with every enclosing length recomputed.

This is test tooling for making inputs, not a parser the product relies on: mrtd itself reads
DER with OpenSSL. Only what CMS and X.509 use is supported (one-byte tags, definite lengths);
anything else raises DerError."""


class DerError(Exception):
    """The bytes are not the DER this module handles."""


def der_length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, body):
    return bytes([tag]) + der_length(len(body)) + body


def integer(value):
    """A DER INTEGER of a non-negative value (a 0x00 in front when the high bit is set)."""
    body = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    if body[0] & 0x80:
        body = b"\x00" + body
    return tlv(0x02, body)


def read_header(data, pos=0):
    """(tag, header length, body length) of the DER TLV at pos."""
    if pos + 2 > len(data):
        raise DerError(f"truncated header at {pos}")
    tag = data[pos]
    if tag & 0x1F == 0x1F:
        raise DerError(f"multi-byte tag at {pos}")
    first = data[pos + 1]
    if first < 0x80:
        return tag, 2, first
    count = first & 0x7F
    if count == 0 or count > 4:
        raise DerError(f"indefinite or oversized length at {pos}")
    return tag, 2 + count, int.from_bytes(data[pos + 2:pos + 2 + count], "big")


class Node:
    """One TLV: a constructed one holds `children`, a primitive one its `body`."""

    def __init__(self, tag, body=b"", children=None):
        self.tag = tag
        self.body = body
        self.children = children

    @property
    def constructed(self):
        return self.children is not None

    def encode(self):
        if self.children is None:
            return tlv(self.tag, self.body)
        return tlv(self.tag, b"".join(child.encode() for child in self.children))

    def content(self):
        """The bytes inside the TLV (for a constructed node, its children encoded)."""
        if self.children is None:
            return self.body
        return b"".join(child.encode() for child in self.children)

    def child(self, tag, nth=0):
        """The nth child with this tag."""
        found = [c for c in self.children or () if c.tag == tag]
        if len(found) <= nth:
            raise DerError(f"no child {nth} with tag {tag:#04x} in {self.tag:#04x}")
        return found[nth]


def _parse_at(data, pos, end):
    tag, header, length = read_header(data, pos)
    start = pos + header
    stop = start + length
    if stop > end:
        raise DerError(f"TLV at {pos} runs past its container")
    if tag & 0x20:
        children = []
        at = start
        while at < stop:
            child, at = _parse_at(data, at, stop)
            children.append(child)
        return Node(tag, children=children), stop
    return Node(tag, body=data[start:stop]), stop


def parse(data):
    """The tree of one TLV that fills `data`; encode() gives the same bytes back."""
    node, end = _parse_at(data, 0, len(data))
    if end != len(data):
        raise DerError(f"{len(data) - end} bytes after the TLV")
    if node.encode() != data:
        raise DerError("not DER: re-encoding changes the bytes")
    return node
