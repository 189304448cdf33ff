// The trust store decides which code may run: a key folder or file that is a symbolic link
// or that other users can write counts for nothing, and adding a key follows no planted link.
#include "rdpmedic/plugins/signing.h"
#include "rdpmedic/plugins/trust_store.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace rdpmedic::plugins;
using rdpmedic::test::TempDir;

TEST_CASE("trust store: keys in a folder or file others can write, or behind a link, are not trusted",
          "[plugins][trust]") {
    const TempDir dir("rdpmedic-trust-");
    generate_key_pair(dir / "publisher.key", dir / "publisher.pub");
    const auto keys = dir / "trusted-keys";
    const PublicKey key = trust_key(dir / "publisher.pub", keys);
    REQUIRE(TrustStore::load({keys}).find(key.id) != nullptr);

    SECTION("a key file other users can write") {
        std::filesystem::permissions(keys / (key.id + ".pem"), std::filesystem::perms::others_write,
                                     std::filesystem::perm_options::add);
        const TrustStore store = TrustStore::load({keys});
        CHECK(store.find(key.id) == nullptr);
        REQUIRE(store.refused().size() == 1);
        CHECK_THAT(store.refused()[0], Catch::Contains("writable by other users: not trusted"));
    }
    SECTION("a folder other users can write") {
        std::filesystem::permissions(keys, std::filesystem::perms::group_write, std::filesystem::perm_options::add);
        const TrustStore store = TrustStore::load({keys});
        CHECK(store.find(key.id) == nullptr);
        REQUIRE(store.refused().size() == 1);
        CHECK_THAT(store.refused()[0], Catch::Contains("can be written by other users"));
    }
    SECTION("a key file that is a link, and a folder that is one") {
        const auto elsewhere = dir / "elsewhere";
        std::filesystem::create_directories(elsewhere);
        std::filesystem::rename(keys / (key.id + ".pem"), elsewhere / (key.id + ".pem"));
        std::filesystem::create_symlink(elsewhere / (key.id + ".pem"), keys / (key.id + ".pem"));
        CHECK(TrustStore::load({keys}).find(key.id) == nullptr);
        std::filesystem::create_directory_symlink(elsewhere, dir / "linked-keys");
        const TrustStore linked = TrustStore::load({dir / "linked-keys"});
        CHECK(linked.find(key.id) == nullptr);
        CHECK_THAT(linked.refused().at(0), Catch::Contains("is a symbolic link"));
    }
    SECTION("a planted KEY_ID.pem.new link does not redirect trusting the key again") {
        std::ofstream(dir / "victim") << "untouched";
        std::filesystem::create_symlink(dir / "victim", keys / (key.id + ".pem.new"));
        trust_key(dir / "publisher.pub", keys);
        std::ifstream victim(dir / "victim");
        std::string text;
        std::getline(victim, text);
        CHECK(text == "untouched");
        CHECK(TrustStore::load({keys}).find(key.id) != nullptr);
    }
}
