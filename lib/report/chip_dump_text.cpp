// `chip dump --format text`: the same Dump as the JSON, for humans.

#include "report/chip_dump.hpp"

namespace mrtd::report {

namespace {

void line(std::string& out, std::string_view label, std::string_view value) {
  out += "  ";
  out += label;
  out += ": ";
  out += value;
  out += '\n';
}

std::string key_text(const pki::KeyInfo& key) {
  std::string text = key.algorithm + " " + std::to_string(key.bits);
  if (key.curve) {
    text += " " + *key.curve;
  }
  return key.explicit_parameters ? text + " (explicit parameters)" : text;
}

} // namespace

std::string to_text(const chip::Dump& dump) {
  std::string out;
  for (const auto& f : dump.files) {
    out += chip::to_string(f.file);
    if (f.source) {
      out += " (" + *f.source + ")";
    }
    out += ": " + std::to_string(f.size) + " bytes, sha256 " + f.sha256 + '\n';
    for (const auto& e : f.errors) {
      line(out, "error", std::string(to_string(e.code)) + ": " + e.message);
    }
    if (f.com) {
      std::string groups;
      for (const auto& id : f.com->files) {
        groups += (groups.empty() ? "" : " ") + chip::to_string(id);
      }
      line(out, "LDS version", f.com->lds_version);
      line(out, "Unicode version", f.com->unicode_version);
      line(out, "data groups", groups);
    }
    if (f.sod) {
      const auto& s = f.sod->summary;
      line(out, "content type", s.content_type + " " + f.sod->content_type_name);
      line(out, "LDS security object", "v" + std::to_string(s.lds_security_object_version) +
                                           ", " + s.hash_algorithm);
      for (const auto& [dg, hash] : s.dg_hashes) {
        line(out, "DG" + std::to_string(dg), hash);
      }
      line(out, "digest algorithm", s.digest_algorithm);
      line(out, "signature algorithm", s.signature_algorithm);
      line(out, "signer", s.signer_identifier);
      if (s.signing_time) {
        line(out, "signing time", *s.signing_time);
      }
      for (const auto& c : f.sod->certificates) {
        line(out, "certificate", c.subject + " (issuer " + c.issuer + ", serial " + c.serial +
                                     ", " + key_text(c.key) + ")");
      }
    }
    if (f.dg1) {
      std::string mrz = f.dg1->mrz;
      for (std::size_t at = 0; (at = mrz.find('\n', at)) != std::string::npos; at += 5) {
        mrz.replace(at, 1, "\n       ");
      }
      line(out, "MRZ", mrz);
      line(out, "MRZ check", to_string(f.dg1->check.verdict.outcome));
    }
    int n = 0;
    for (const auto& face : f.faces) {
      line(out, "face " + std::to_string(++n),
           face.image_data_type + " " + std::to_string(face.width) + "x" +
               std::to_string(face.height) + ", " + face.image_type + ", gender " + face.gender +
               ", eyes " + face.eye_colour + ", hair " + face.hair_colour + ", expression " +
               face.expression + ", " + std::to_string(face.image.size()) + " bytes ." +
               face.extension);
    }
    for (const auto& field : f.fields) {
      line(out, field.name,
           field.text ? *field.text
                      : std::to_string(field.size) + " bytes, sha256 " + field.sha256.value_or(""));
    }
    if (f.security_infos) {
      for (const auto& info : *f.security_infos) {
        std::string text = info.protocol;
        if (!info.protocol_name.empty()) {
          text += " " + info.protocol_name;
        }
        for (const auto& [key, value] : info.fields) {
          text += ", " + key + " " + value;
        }
        line(out, "security info", text);
      }
    }
    if (f.aa_public_key) {
      line(out, "Active Authentication key", key_text(*f.aa_public_key));
    }
  }
  return out;
}

} // namespace mrtd::report
