#include "chip/lds.hpp"

#include <doctest/doctest.h>

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

FileId dg(int n) { return FileId{FileId::Kind::dg, n}; }
const FileId k_com{FileId::Kind::com, 0};
const FileId k_sod{FileId::Kind::sod, 0};

} // namespace

TEST_SUITE("chip::lds") {
  TEST_CASE("tags map to files and back for all 18 files") {
    CHECK(tag_of(k_com) == 0x60);
    CHECK(tag_of(k_sod) == 0x77);
    CHECK(tag_of(dg(1)) == 0x61);
    CHECK(tag_of(dg(2)) == 0x75);
    CHECK(tag_of(dg(4)) == 0x76);
    CHECK(tag_of(dg(14)) == 0x6E);
    CHECK(tag_of(dg(16)) == 0x70);
    for (int n = 1; n <= 16; ++n) {
      CAPTURE(n);
      CHECK(file_from_tag(tag_of(dg(n))) == dg(n));
    }
    CHECK(file_from_tag(0x60) == k_com);
    CHECK(file_from_tag(0x77) == k_sod);
    CHECK_FALSE(file_from_tag(0x30));
    CHECK(to_string(dg(14)) == "DG14");
    CHECK(to_string(k_sod) == "EF.SOD");
  }

  TEST_CASE("file_from_name knows every naming scheme of chip readers") {
    const std::pair<const char*, FileId> names[] = {
        {"EF.COM", k_com},          {"EF_COM.bin", k_com},         {"COM.bin", k_com},
        {"ef_com_011E.bin", k_com}, {"EF.SOD", k_sod},             {"EF_SOD.bin", k_sod},
        {"SOD", k_sod},             {"EF_SOD_011D.bin", k_sod},    {"DG1.bin", dg(1)},
        {"EF_DG1.bin", dg(1)},      {"EF.DG1", dg(1)},             {"dg1", dg(1)},
        {"Datagroup1.bin", dg(1)},  {"DataGroup14.bin", dg(14)},   {"EF_DG2_0102.bin", dg(2)},
        {"EF_DG15_010F.bin", dg(15)}, {"some/dir/DG16.BIN", dg(16)}, {"dg12.dat", dg(12)},
    };
    for (const auto& [name, file] : names) {
      CAPTURE(name);
      CHECK(file_from_name(name) == file);
    }
    for (const char* name : {"DG14_pk.bin", "DG0.bin", "DG17.bin", "dg", "EF_DG1_0102.bin",
                             "readme.txt", "COMMENT.txt", "sodium", ""}) {
      CAPTURE(name);
      CHECK_FALSE(file_from_name(name));
    }
  }

  TEST_CASE("names_other_file knows certificates, keys, images and text by extension") {
    for (const char* name : {"csca.pem", "dsc.TEST-ONLY.key.pem", "crl.CRL", "cert.cer",
                             "DG2-1.jpg", "face.JP2", "notes.txt", "case.json", "dir/x.ldif"}) {
      CAPTURE(name);
      CHECK(names_other_file(name));
    }
    // LDS names win over their extension; unknown or missing extensions are read for the tag.
    for (const char* name : {"DG2.jpg", "EF_SOD.pem", "DG1.bin", "0101", "file.dat", "x.der",
                             "pem", "a.pem/b", ".", ""}) {
      CAPTURE(name);
      CHECK_FALSE(names_other_file(name));
    }
  }

  TEST_CASE("has_other_extension looks at the extension alone") {
    for (const char* name : {"DG2.jpg", "DG7.JPEG", "EF_SOD.pem", "csca.pem", "face.jp2"}) {
      CAPTURE(name);
      CHECK(has_other_extension(name));
    }
    for (const char* name : {"DG2.bin", "EF.SOD", "file.dat", "jpg", "a.jpg/DG2", ""}) {
      CAPTURE(name);
      CHECK_FALSE(has_other_extension(name));
    }
  }

  TEST_CASE("read_tlv reads one-byte and multi-byte tags with definite lengths") {
    const Bytes short_form = {0x5F, 0x1F, 0x02, 'A', 'B', 0xEE};
    auto tlv = read_tlv(short_form);
    REQUIRE(tlv);
    CHECK(tlv->tag == 0x5F1F);
    CHECK(tlv->header_size == 3);
    CHECK(tlv->value.size() == 2);
    CHECK(tlv->total_size == 5);

    Bytes long_form = {0x7F, 0x61, 0x82, 0x01, 0x00};
    long_form.resize(5 + 256, 0xAA);
    tlv = read_tlv(long_form);
    REQUIRE(tlv);
    CHECK(tlv->tag == 0x7F61);
    CHECK(tlv->header_size == 5);
    CHECK(tlv->value.size() == 256);

    const Bytes empty_value = {0x60, 0x00};
    REQUIRE(read_tlv(empty_value));
    CHECK(read_tlv(empty_value)->value.empty());
  }

  TEST_CASE("read_tlv rejects truncated, indefinite and oversized lengths") {
    using mrtd::ErrorCode;
    const Bytes truncated = {0x61, 0x05, 'A', 'B'};
    REQUIRE_FALSE(read_tlv(truncated));
    CHECK(read_tlv(truncated).error().code == ErrorCode::malformed);

    const Bytes header_only = {0x61};
    REQUIRE_FALSE(read_tlv(header_only));
    CHECK(read_tlv(header_only).error().code == ErrorCode::malformed);
    CHECK_FALSE(read_tlv(Bytes{}));
    const Bytes cut_length = {0x61, 0x82, 0x01};
    CHECK(read_tlv(cut_length).error().code == ErrorCode::malformed);

    const Bytes indefinite = {0x77, 0x80, 0x30, 0x00, 0x00, 0x00};
    REQUIRE_FALSE(read_tlv(indefinite));
    CHECK(read_tlv(indefinite).error().code == ErrorCode::malformed);
    CHECK(read_tlv(indefinite).error().message.find("indefinite") != std::string::npos);

    const Bytes huge = {0x75, 0x84, 0x80, 0x00, 0x00, 0x00, 0x01}; // 2^31
    REQUIRE_FALSE(read_tlv(huge));
    CHECK(read_tlv(huge).error().code == ErrorCode::limit_exceeded);

    const Bytes five_length_bytes = {0x75, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00};
    CHECK_FALSE(read_tlv(five_length_bytes));
  }

  TEST_CASE("read_tlv_list needs TLVs filling the input exactly") {
    const Bytes two = {0x80, 0x01, 0x01, 0x81, 0x00};
    auto list = read_tlv_list(two);
    REQUIRE(list);
    CHECK(list->size() == 2);
    const Bytes trailing = {0x80, 0x01, 0x01, 0x81};
    REQUIRE_FALSE(read_tlv_list(trailing));
    CHECK(read_tlv_list(trailing).error().offset >= 3);
  }

  TEST_CASE("parse_com reads versions and the data group list") {
    const Bytes com = {0x60, 0x16, 0x5F, 0x01, 0x04, '0', '1', '0', '7', 0x5F, 0x36, 0x06,
                       '0',  '4',  '0',  '0',  '0',  '0', 0x5C, 0x04, 0x61, 0x75, 0x6E, 0x6F};
    auto parsed = parse_com(com);
    REQUIRE(parsed);
    CHECK(parsed->lds_version == "0107");
    CHECK(parsed->unicode_version == "040000");
    CHECK(parsed->files == std::vector<FileId>{dg(1), dg(2), dg(14), dg(15)});
    const Bytes not_com = {0x61, 0x00};
    CHECK_FALSE(parse_com(not_com));
  }

  TEST_CASE("corpus EF.COM and DG1 files decode") {
    if (!std::filesystem::exists(k_corpus)) {
      MESSAGE("corpus not found at " << k_corpus << ": skipped");
      return;
    }
    auto com = parse_com(read_corpus("bsi-tr03105-5/EF_COM.bin"));
    REQUIRE(com);
    CHECK(com->files == std::vector<FileId>{dg(1), dg(2), dg(3), dg(4), dg(14)});
    auto loes = parse_com(read_corpus("jmrtd/loes2006/EF_COM_011E.bin"));
    REQUIRE(loes);
    CHECK(loes->files == std::vector<FileId>{dg(1), dg(2), dg(15)});

    const char* dg1s[] = {"bsi-tr03105-5/Datagroup1.bin", "jmrtd/bsi2008/Datagroup1.bin",
                          "jmrtd/loes2006/EF_DG1_0101.bin", "pymrtd/etsi-eacaa/EF_DG1.bin",
                          "gmrtd/uk-expired/EF_DG1.bin"};
    for (const char* path : dg1s) {
      CAPTURE(path);
      auto mrz = dg1_mrz(read_corpus(path));
      REQUIRE(mrz);
      CHECK(mrz->find('\n') != std::string::npos);
      CHECK(mrz->find("<<") != std::string::npos);
    }
    auto bsi = dg1_mrz(read_corpus("bsi-tr03105-5/Datagroup1.bin"));
    REQUIRE(bsi);
    CHECK(bsi->size() == 44 * 2 + 1);
    CHECK(bsi->substr(0, 5) == "P<D<<");
  }
}
