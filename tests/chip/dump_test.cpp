#include "chip/dump.hpp"
#include "report/chip_dump.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace mrtd::chip;

namespace {

const std::string k_corpus = MRTD_SOURCE_DIR "/../shared/corpus/pa";

Bytes read_corpus(const std::string& path) {
  std::ifstream in(k_corpus + "/" + path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

const FileDump* find(const Dump& dump, FileId id) {
  for (const auto& file : dump.files) {
    if (file.file == id) {
      return &file;
    }
  }
  return nullptr;
}

FileId dg(int n) { return FileId{FileId::Kind::dg, n}; }

bool has_protocol(const std::vector<SecurityInfo>& infos, const std::string& name) {
  for (const auto& info : infos) {
    if (info.protocol_name == name) {
      return true;
    }
  }
  return false;
}

ChipFiles bsi_files() {
  ChipFiles files;
  files.com = read_corpus("bsi-tr03105-5/EF_COM.bin");
  files.sod = read_corpus("bsi-tr03105-5/EF_SOD.bin");
  for (int n : {1, 2, 3, 4, 14, 15}) {
    files.dgs[n] = read_corpus("bsi-tr03105-5/Datagroup" + std::to_string(n) + ".bin");
  }
  files.names["DG1"] = "Datagroup1.bin";
  return files;
}

DumpOptions at_2026() {
  DumpOptions options;
  options.reference_date = {2026, 1, 1};
  return options;
}

} // namespace

TEST_SUITE("chip::dump") {
  TEST_CASE("no files is an error") {
    CHECK_FALSE(dump(ChipFiles{}));
  }

  TEST_CASE("a broken file becomes an error entry and the dump goes on") {
    ChipFiles files;
    files.dgs[1] = {0x61, 0x05, 0x5F, 0x1F};      // truncated
    files.dgs[5] = {0x65, 0x02, 0x01, 0x02};      // unknown content: hash only
    files.dgs[11] = {0x6B, 0x07, 0x5F, 0x0E, 0x04, 'A', '<', 'B', 'C'};
    files.dgs[12] = {0x6C, 0x03, 0x5F, 0x19, 0x05}; // inner TLV truncated
    files.dgs[14] = {0x6E, 0x02, 0x04, 0x00};     // not a SET
    auto result = dump(files, at_2026());
    REQUIRE(result);
    REQUIRE(result->files.size() == 5);
    CHECK(find(*result, dg(1))->errors.size() == 1);
    CHECK_FALSE(find(*result, dg(1))->dg1);
    const FileDump* dg5 = find(*result, dg(5));
    CHECK(dg5->errors.empty());
    CHECK(dg5->tag == "65");
    CHECK(dg5->sha256.size() == 64);
    const FileDump* dg11 = find(*result, dg(11));
    REQUIRE(dg11->fields.size() == 1);
    CHECK(dg11->fields[0].name == "full_name");
    CHECK(dg11->fields[0].text == "A<BC");
    CHECK(find(*result, dg(12))->errors.size() == 1);
    CHECK(find(*result, dg(14))->errors.size() == 1);
    CHECK_FALSE(find(*result, dg(14))->security_infos);
  }

  TEST_CASE("the BSI TR-03105-5 chip decodes file by file") {
    if (!std::filesystem::exists(k_corpus)) {
      MESSAGE("corpus not found at " << k_corpus << ": skipped");
      return;
    }
    auto result = dump(bsi_files(), at_2026());
    REQUIRE(result);
    REQUIRE(result->files.size() == 8);
    CHECK(result->files[0].file.kind == FileId::Kind::com);
    CHECK(result->files[1].file.kind == FileId::Kind::sod);
    for (const auto& file : result->files) {
      CAPTURE(to_string(file.file));
      CHECK(file.errors.empty());
    }
    REQUIRE(result->files[0].com);
    CHECK(result->files[0].com->lds_version == "0107");

    const FileDump* dg1 = find(*result, dg(1));
    CHECK(dg1->source == "Datagroup1.bin");
    REQUIRE(dg1->dg1);
    REQUIRE(dg1->dg1->check.mrz);
    CHECK(dg1->dg1->check.mrz->document_number == "C11T002JM");
    CHECK(dg1->dg1->check.mrz->primary_identifier == "MUSTERMANN");

    const FileDump* dg2 = find(*result, dg(2));
    REQUIRE(dg2->faces.size() == 1);
    const FaceDump& face = dg2->faces[0];
    CHECK(face.image_data_type == "JPEG2000");
    CHECK(face.extension == "jp2");
    CHECK(face.width == 337);
    CHECK(face.height == 449);
    CHECK(face.image_type == "full frontal");
    REQUIRE(face.image.size() > 12);
    CHECK(face.image[4] == 'j');
    CHECK(face.image[5] == 'P');

    const FileDump* dg14 = find(*result, dg(14));
    REQUIRE(dg14->security_infos);
    CHECK(has_protocol(*dg14->security_infos, "id-PK-ECDH"));
    CHECK(has_protocol(*dg14->security_infos, "id-CA-ECDH-3DES-CBC-CBC"));

    const FileDump* dg15 = find(*result, dg(15));
    REQUIRE(dg15->aa_public_key);
    CHECK(dg15->aa_public_key->algorithm == "RSA");
    CHECK(dg15->aa_public_key->bits == 1024);

    const FileDump* dg3 = find(*result, dg(3));
    CHECK(dg3->tag == "63");
    CHECK(dg3->faces.empty());

    const FileDump& sod = result->files[1];
    REQUIRE(sod.sod);
    CHECK(sod.sod->summary.content_type == "2.23.136.1.1.1");
    CHECK(sod.sod->summary.hash_algorithm == "SHA-256");
    CHECK(sod.sod->summary.dg_hashes.size() == 5);
    CHECK(sod.sod->summary.signature_algorithm == "RSASSA-PSS");
    CHECK(sod.sod->summary.digest_algorithm == "SHA-256");
    CHECK(sod.sod->summary.signer_identifier.rfind("issuerAndSerialNumber: ", 0) == 0);
    REQUIRE(sod.sod->certificates.size() == 1);
    CHECK(sod.sod->certificates[0].subject.find("HJP PB DS") != std::string::npos);
  }

  TEST_CASE("corpus DG2 face images are extracted with their signature") {
    if (!std::filesystem::exists(k_corpus)) {
      MESSAGE("corpus not found: skipped");
      return;
    }
    for (const char* path : {"bsi-tr03105-5/Datagroup2.bin", "jmrtd/bsi2008/Datagroup2.bin",
                             "jmrtd/loes2006/EF_DG2_0102.bin"}) {
      CAPTURE(path);
      ChipFiles files;
      files.dgs[2] = read_corpus(path);
      auto result = dump(files);
      REQUIRE(result);
      REQUIRE(result->files[0].faces.size() == 1);
      const FaceDump& face = result->files[0].faces[0];
      const Bytes jp2 = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A};
      const bool is_jp2 = face.image.size() > 12 && std::equal(jp2.begin(), jp2.end(), face.image.begin());
      const bool is_jpeg = face.image.size() > 2 && face.image[0] == 0xFF && face.image[1] == 0xD8;
      CHECK((is_jp2 || is_jpeg));
      CHECK(face.extension == (is_jp2 ? "jp2" : "jpg"));
      // The image runs to the end of the facial record, which ends the file.
      CHECK(face.image.size() < files.dgs[2].size());
      CHECK(face.image.back() == files.dgs[2].back());
    }
  }

  TEST_CASE("DG14 of the pymrtd ETSI chip names its OIDs") {
    if (!std::filesystem::exists(k_corpus)) {
      MESSAGE("corpus not found: skipped");
      return;
    }
    ChipFiles files;
    files.dgs[14] = read_corpus("pymrtd/etsi-eacaa/EF_DG14.bin");
    files.dgs[1] = read_corpus("pymrtd/etsi-eacaa/EF_DG1.bin");
    auto result = dump(files);
    REQUIRE(result);
    const FileDump* dg14 = find(*result, dg(14));
    REQUIRE(dg14->security_infos);
    REQUIRE_FALSE(dg14->security_infos->empty());
    for (const auto& info : *dg14->security_infos) {
      CAPTURE(info.protocol);
      CHECK_FALSE(info.protocol_name.empty());
    }
  }

  TEST_CASE("the JSON starts with the envelope and holds no image bytes") {
    if (!std::filesystem::exists(k_corpus)) {
      MESSAGE("corpus not found: skipped");
      return;
    }
    auto result = dump(bsi_files(), at_2026());
    REQUIRE(result);
    const std::string text = mrtd::report::to_json({"chip dump", "folder", std::nullopt, std::nullopt},
                                                   *result, mrtd::report::Layout::pretty);
    const auto doc = nlohmann::ordered_json::parse(text);
    auto it = doc.begin();
    CHECK(it.key() == "schema_version");
    CHECK((++it).key() == "tool");
    CHECK((++it).key() == "tool_version");
    CHECK((++it).key() == "command");
    CHECK(doc["command"] == "chip dump");
    CHECK(doc["files"].size() == 8);
    CHECK(doc["files"][3]["faces"][0]["image"]["extension"] == "jp2");
    CHECK(text.size() < 20000); // DG2 alone is 15 KB: the image is not embedded

    const auto error = nlohmann::json::parse(mrtd::report::dump_error_json(
        {"chip dump", "x", std::nullopt, std::nullopt},
        mrtd::make_error(mrtd::ErrorCode::malformed, "no LDS file"), mrtd::report::Layout::line));
    CHECK(error["error"]["code"] == "malformed");
    CHECK(error["files"].empty());
    CHECK_FALSE(mrtd::report::to_text(*result).empty());
  }
}
