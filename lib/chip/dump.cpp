// chip::dump(): each provided file through its decoder (dump_*.cpp). A decoder's error is
// recorded on its file and the dump continues with the next one.

#include "chip/dump.hpp"

#include "chip/detail/dump_parts.hpp"

#include <openssl/err.h>

#include <climits>

namespace mrtd::chip {

namespace {

// Adds `result`'s error to `out`, prefixed by the part that failed.
template <typename T> bool take(Result<T>& result, FileDump& out, std::string_view part) {
  if (result) {
    return true;
  }
  Error error = result.error();
  error.message = std::string(part) + ": " + error.message;
  out.errors.push_back(std::move(error));
  return false;
}

void decode_dg15(ByteView value, FileDump& out) {
  ERR_clear_error();
  const unsigned char* p = value.data();
  pki::detail::EvpPkeyPtr key(
      value.size() <= static_cast<std::size_t>(LONG_MAX)
          ? d2i_PUBKEY(nullptr, &p, static_cast<long>(value.size()))
          : nullptr);
  if (!key) {
    out.errors.push_back(make_error(ErrorCode::malformed,
                                    "DG15: not a SubjectPublicKeyInfo: " +
                                        pki::detail::drain_errors()));
    return;
  }
  out.aa_public_key = detail::describe_key(key.get());
}

FileDump dump_file(FileId id, const Bytes& bytes, const ChipFiles& files,
                   const DumpOptions& options) {
  FileDump out;
  out.file = id;
  if (const auto name = files.names.find(to_string(id)); name != files.names.end()) {
    out.source = name->second;
  }
  out.size = bytes.size();
  out.sha256 = detail::sha256_hex(bytes);
  const ByteView view(bytes);
  auto tlv = read_tlv(view);
  if (!take(tlv, out, "outer TLV")) {
    return out;
  }
  {
    // The tag bytes alone: header minus the length octets.
    std::size_t tag_size = 1;
    for (std::uint32_t t = tlv->tag; t > 0xFF; t >>= 8) {
      ++tag_size;
    }
    std::string tag = detail::hex(view.first(tag_size));
    for (auto& c : tag) {
      c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
    }
    out.tag = tag;
  }
  if (tlv->tag != tag_of(id)) {
    out.errors.push_back(make_error(ErrorCode::malformed,
                                    "outer tag 0x" + *out.tag + " is not " + to_string(id) +
                                        "'s tag",
                                    0));
    return out;
  }
  if (tlv->total_size != bytes.size()) {
    out.errors.push_back(make_error(ErrorCode::malformed,
                                    std::to_string(bytes.size() - tlv->total_size) +
                                        " bytes after the file's TLV",
                                    static_cast<std::ptrdiff_t>(tlv->total_size)));
  }
  if (id.kind == FileId::Kind::com) {
    auto com = parse_com(view);
    if (take(com, out, "EF.COM")) {
      out.com = std::move(*com);
    }
    return out;
  }
  if (id.kind == FileId::Kind::sod) {
    auto sod = detail::dump_sod(view);
    if (take(sod, out, "EF.SOD")) {
      out.sod = std::move(*sod);
    }
    return out;
  }
  switch (id.dg) {
  case 1: {
    auto mrz = dg1_mrz(view);
    if (take(mrz, out, "DG1")) {
      mrz::CheckOptions check;
      check.reference_date = options.reference_date;
      out.dg1 = Dg1Dump{*mrz, mrz::check(*mrz, check)};
    }
    break;
  }
  case 2: {
    auto faces = detail::parse_faces(view);
    if (take(faces, out, "DG2")) {
      out.faces = std::move(*faces);
    }
    break;
  }
  case 11:
  case 12: {
    auto fields = detail::parse_fields(view, id.dg);
    if (take(fields, out, to_string(id))) {
      out.fields = std::move(*fields);
    }
    break;
  }
  case 14: {
    auto infos = detail::parse_security_infos(view);
    if (take(infos, out, "DG14")) {
      out.security_infos = std::move(*infos);
    }
    break;
  }
  case 15:
    decode_dg15(tlv->value, out);
    break;
  default: // tag, length and SHA-256 say all mrtd knows
    break;
  }
  return out;
}

} // namespace

Result<Dump> dump(const ChipFiles& files, const DumpOptions& options) {
  if (!files.com && !files.sod && files.dgs.empty()) {
    return make_error(ErrorCode::malformed, "no LDS file to dump");
  }
  Dump out;
  if (files.com) {
    out.files.push_back(dump_file(FileId{FileId::Kind::com, 0}, *files.com, files, options));
  }
  if (files.sod) {
    out.files.push_back(dump_file(FileId{FileId::Kind::sod, 0}, *files.sod, files, options));
  }
  for (const auto& [number, bytes] : files.dgs) {
    out.files.push_back(dump_file(FileId{FileId::Kind::dg, number}, bytes, files, options));
  }
  return out;
}

} // namespace mrtd::chip
