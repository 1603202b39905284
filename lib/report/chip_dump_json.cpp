// `chip dump` to JSON (schemas/chip-dump.schema.json), in one pass with the in-house writer.
// mrtd_report stays free of OpenSSL: every hash was computed by lib/chip.

#include "core/version.hpp"
#include "report/chip_dump.hpp"
#include "report/json_writer.hpp"

namespace mrtd::report {

namespace {

using detail::JsonWriter;

void optional_string(JsonWriter& w, std::string_view key, const std::optional<std::string>& v) {
  w.key(key);
  if (v) {
    w.value(*v);
  } else {
    w.null();
  }
}

void write_error(JsonWriter& w, const Error& error) {
  w.begin_object();
  w.key("code");
  w.literal(to_string(error.code));
  w.key("message");
  w.value(error.message);
  if (error.offset >= 0) {
    w.key("offset");
    w.value(static_cast<std::int64_t>(error.offset));
  }
  w.end_object();
}

void write_pairs(JsonWriter& w, const std::vector<std::pair<std::string, std::string>>& pairs) {
  w.begin_object();
  for (const auto& [key, value] : pairs) {
    w.key(key);
    w.value(value);
  }
  w.end_object();
}

void write_key(JsonWriter& w, const pki::KeyInfo& key) {
  w.begin_object();
  w.key("algorithm");
  w.value(key.algorithm);
  w.key("bits");
  w.value(key.bits);
  optional_string(w, "curve", key.curve);
  w.key("explicit_parameters");
  w.value(key.explicit_parameters);
  w.end_object();
}

void write_date(JsonWriter& w, std::string_view key, const mrz::DateValue& date) {
  w.key(key);
  w.begin_object();
  w.key("raw");
  w.value(date.raw);
  optional_string(w, "iso", date.iso);
  w.end_object();
}

void write_dg1(JsonWriter& w, const chip::Dg1Dump& dg1) {
  w.begin_object();
  w.key("mrz");
  w.value(dg1.mrz);
  w.key("check");
  w.literal(to_string(dg1.check.verdict.outcome));
  w.key("failed_checks");
  w.begin_array();
  for (const auto& check : dg1.check.verdict.checks) {
    if (check.status == Status::fail) {
      w.value(check_name(check.id));
    }
  }
  w.end_array();
  w.key("fields");
  if (!dg1.check.mrz) {
    w.null();
    w.end_object();
    return;
  }
  const mrz::Mrz& m = *dg1.check.mrz;
  w.begin_object();
  w.key("format");
  w.value(mrz::to_string(m.format));
  w.key("document_code");
  w.value(m.document_code);
  w.key("issuing_state");
  w.value(m.issuing_state);
  w.key("document_number");
  w.value(m.document_number);
  w.key("primary_identifier");
  w.value(m.primary_identifier);
  w.key("secondary_identifier");
  w.value(m.secondary_identifier);
  w.key("nationality");
  w.value(m.nationality);
  write_date(w, "birth_date", m.birth_date);
  w.key("sex");
  w.value(m.sex);
  write_date(w, "expiry_date", m.expiry_date);
  w.key("personal_number");
  w.value(m.personal_number);
  w.key("optional_data_1");
  w.value(m.optional_data_1);
  w.key("optional_data_2");
  w.value(m.optional_data_2);
  w.end_object();
  w.end_object();
}

void write_sod(JsonWriter& w, const chip::SodDump& sod) {
  const chip::SodSummary& s = sod.summary;
  w.begin_object();
  w.key("content_type");
  w.value(s.content_type);
  w.key("content_type_name");
  w.value(sod.content_type_name);
  w.key("lds_security_object_version");
  w.value(s.lds_security_object_version);
  optional_string(w, "lds_version", s.lds_version);
  optional_string(w, "unicode_version", s.unicode_version);
  w.key("hash_algorithm");
  w.value(s.hash_algorithm);
  w.key("dg_hashes");
  w.begin_object();
  for (const auto& [dg, hash] : s.dg_hashes) {
    w.key("DG" + std::to_string(dg));
    w.value(hash);
  }
  w.end_object();
  w.key("signer_count");
  w.value(sod.signer_count);
  w.key("digest_algorithm");
  w.value(s.digest_algorithm);
  w.key("signature_algorithm");
  w.value(s.signature_algorithm);
  optional_string(w, "signing_time", s.signing_time);
  w.key("signer_identifier");
  w.value(s.signer_identifier);
  w.key("certificates");
  w.begin_array();
  for (const auto& c : sod.certificates) {
    w.begin_object();
    w.key("subject");
    w.value(c.subject);
    w.key("issuer");
    w.value(c.issuer);
    w.key("serial");
    w.value(c.serial);
    w.key("not_before");
    w.value(to_iso_instant(c.not_before));
    w.key("not_after");
    w.value(to_iso_instant(c.not_after));
    w.key("signature_algorithm");
    w.value(c.signature_algorithm);
    w.key("key");
    write_key(w, c.key);
    optional_string(w, "subject_key_id", c.subject_key_id);
    optional_string(w, "authority_key_id", c.authority_key_id);
    w.key("sha256");
    w.value(c.sha256);
    w.end_object();
  }
  w.end_array();
  w.key("problems");
  w.begin_array();
  for (const auto& p : sod.problems) {
    w.value(p);
  }
  w.end_array();
  w.end_object();
}

void write_face(JsonWriter& w, const chip::FaceDump& f) {
  w.begin_object();
  w.key("biometric_header");
  write_pairs(w, f.header);
  w.key("format_version");
  w.value(f.format_version);
  w.key("feature_points");
  w.value(f.feature_points);
  w.key("gender");
  w.value(f.gender);
  w.key("eye_colour");
  w.value(f.eye_colour);
  w.key("hair_colour");
  w.value(f.hair_colour);
  w.key("property_mask");
  w.value(static_cast<std::int64_t>(f.property_mask));
  w.key("expression");
  w.value(f.expression);
  w.key("pose_angle");
  w.begin_object();
  w.key("yaw");
  w.value(f.pose_yaw);
  w.key("pitch");
  w.value(f.pose_pitch);
  w.key("roll");
  w.value(f.pose_roll);
  w.end_object();
  w.key("image_type");
  w.value(f.image_type);
  w.key("image_data_type");
  w.value(f.image_data_type);
  w.key("width");
  w.value(f.width);
  w.key("height");
  w.value(f.height);
  w.key("colour_space");
  w.value(f.colour_space);
  w.key("source_type");
  w.value(f.source_type);
  w.key("image");
  w.begin_object();
  w.key("extension");
  w.value(f.extension);
  w.key("size");
  w.value(static_cast<std::int64_t>(f.image.size()));
  w.key("sha256");
  w.value(f.image_sha256);
  w.end_object();
  w.end_object();
}

void write_file(JsonWriter& w, const chip::FileDump& f) {
  w.begin_object();
  w.key("file");
  w.value(chip::to_string(f.file));
  optional_string(w, "source", f.source);
  w.key("size");
  w.value(static_cast<std::int64_t>(f.size));
  w.key("sha256");
  w.value(f.sha256);
  optional_string(w, "tag", f.tag);
  w.key("errors");
  w.begin_array();
  for (const auto& e : f.errors) {
    write_error(w, e);
  }
  w.end_array();
  if (f.com) {
    w.key("com");
    w.begin_object();
    w.key("lds_version");
    w.value(f.com->lds_version);
    w.key("unicode_version");
    w.value(f.com->unicode_version);
    w.key("data_groups");
    w.begin_array();
    for (const auto& id : f.com->files) {
      w.value(chip::to_string(id));
    }
    w.end_array();
    w.end_object();
  }
  if (f.sod) {
    w.key("sod");
    write_sod(w, *f.sod);
  }
  if (f.dg1) {
    w.key("dg1");
    write_dg1(w, *f.dg1);
  }
  if (!f.faces.empty()) {
    w.key("faces");
    w.begin_array();
    for (const auto& face : f.faces) {
      write_face(w, face);
    }
    w.end_array();
  }
  if (!f.fields.empty()) {
    w.key("fields");
    w.begin_array();
    for (const auto& field : f.fields) {
      w.begin_object();
      w.key("tag");
      w.value(field.tag);
      w.key("name");
      w.value(field.name);
      optional_string(w, "text", field.text);
      w.key("size");
      w.value(static_cast<std::int64_t>(field.size));
      optional_string(w, "sha256", field.sha256);
      w.end_object();
    }
    w.end_array();
  }
  if (f.security_infos) {
    w.key("security_infos");
    w.begin_array();
    for (const auto& info : *f.security_infos) {
      w.begin_object();
      w.key("protocol");
      w.value(info.protocol);
      w.key("protocol_name");
      w.value(info.protocol_name);
      w.key("fields");
      write_pairs(w, info.fields);
      w.end_object();
    }
    w.end_array();
  }
  if (f.aa_public_key) {
    w.key("public_key");
    write_key(w, *f.aa_public_key);
  }
  w.end_object();
}

void write_head(JsonWriter& w, const Envelope& envelope) {
  w.key("schema_version");
  w.value(k_schema_version);
  w.key("tool");
  w.value("mrtd");
  w.key("tool_version");
  w.value(k_version);
  w.key("command");
  w.value("chip dump");
  w.key("input");
  w.begin_object();
  if (envelope.source) {
    w.key("source");
    w.value(*envelope.source);
  }
  w.end_object();
}

} // namespace

std::string to_json(const Envelope& envelope, const chip::Dump& dump, Layout layout) {
  std::string out;
  {
    JsonWriter w(out, layout == Layout::pretty ? 2 : -1);
    w.begin_object();
    write_head(w, envelope);
    w.key("files");
    w.begin_array();
    for (const auto& file : dump.files) {
      write_file(w, file);
    }
    w.end_array();
    w.end_object();
  }
  return out;
}

std::string dump_error_json(const Envelope& envelope, const Error& error, Layout layout) {
  std::string out;
  {
    JsonWriter w(out, layout == Layout::pretty ? 2 : -1);
    w.begin_object();
    write_head(w, envelope);
    w.key("error");
    write_error(w, error);
    w.key("files");
    w.begin_array();
    w.end_array();
    w.end_object();
  }
  return out;
}

} // namespace mrtd::report
