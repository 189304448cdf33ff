// The path-MTU search against scripted paths: what each size does is decided by the script,
// as a real path would (passes up to its MTU, stalls above), and as paths that make no sense do.
#include "path_mtu.h"

#include <catch2/catch.hpp>

#include <functional>
#include <vector>

using namespace rdpmedic::probe;
using path_mtu::Attempted;

namespace {

const auto kNoTime = std::chrono::milliseconds(50);

/// An attempt that answers by `rule` and records every size it was asked for.
path_mtu::Attempt scripted(std::function<Attempted(int)> rule, std::vector<int>& asked) {
    return [rule, &asked](int size, net::Deadline, tls::Outcome& outcome) {
        asked.push_back(size);
        const Attempted result = rule(size);
        outcome.ok = result == Attempted::Passed;
        outcome.version = "TLSv1.3";
        return result;
    };
}

path_mtu::Search run(const std::function<Attempted(int)>& rule, std::vector<int>& asked, bool ipv6 = false,
                     std::chrono::milliseconds budget = std::chrono::seconds(5)) {
    return path_mtu::search(scripted(rule, asked), ipv6, std::chrono::steady_clock::now() + budget, kNoTime);
}

} // namespace

TEST_CASE("path mtu search: a 1280-byte link over IPv4 passes segments of up to 1240 bytes", "[probe][path-mtu]") {
    std::vector<int> asked;
    const auto found = run([](int size) { return size <= 1240 ? Attempted::Passed : Attempted::Stalled; }, asked);
    CHECK(found.black_hole);
    CHECK(found.largest_passing == 1240);
    CHECK(found.smallest_stalling == 1241);
    CHECK_FALSE(found.cut_short);
    CHECK(path_mtu::mtu_for_segment(found.largest_passing, false) == 1280);
    REQUIRE_FALSE(asked.empty());
    CHECK(asked.front() == 536);
    // Halving from 536 to 1461 takes ten attempts, not one per size.
    CHECK(asked.size() <= 11);
    CHECK(found.outcome.ok);
    CHECK(found.tried.size() == asked.size());
}

TEST_CASE("path mtu search: over IPv6 it starts at the 1280-byte minimum MTU", "[probe][path-mtu]") {
    std::vector<int> asked;
    const auto found =
        run([](int size) { return size <= 1360 ? Attempted::Passed : Attempted::Stalled; }, asked, true);
    CHECK(asked.front() == 1220);
    CHECK(found.black_hole);
    CHECK(found.largest_passing == 1360);
    CHECK(path_mtu::mtu_for_segment(1360, true) == 1420);
}

TEST_CASE("path mtu search: a server that stalls at every size is no black hole", "[probe][path-mtu]") {
    std::vector<int> asked;
    const auto found = run([](int) { return Attempted::Stalled; }, asked);
    CHECK_FALSE(found.black_hole);
    CHECK(found.largest_passing == 0);
    CHECK(asked == std::vector<int>{536});
}

TEST_CASE("path mtu search: a path that passes every size (the stall was once) is no black hole",
          "[probe][path-mtu]") {
    std::vector<int> asked;
    const auto found = run([](int) { return Attempted::Passed; }, asked);
    CHECK_FALSE(found.black_hole);
    CHECK(found.largest_passing == path_mtu::ethernet_segment(false));
    CHECK(found.smallest_stalling == 0);
}

TEST_CASE("path mtu search: answers that contradict each other still end, within the sizes", "[probe][path-mtu]") {
    std::vector<int> asked;
    int calls = 0;
    // Passes and stalls in turn, whatever the size: no path behaves so, the search must end anyway.
    const auto found = run([&calls](int) { return ++calls % 2 == 1 ? Attempted::Passed : Attempted::Stalled; }, asked);
    CHECK(asked.size() <= 12);
    for (const int size : asked) {
        CHECK(size >= 536);
        CHECK(size <= 1460);
    }
    CHECK(found.largest_passing < found.smallest_stalling);
}

TEST_CASE("path mtu search: a size that fails otherwise stops the search and says so", "[probe][path-mtu]") {
    std::vector<int> asked;
    const auto found = run([](int size) { return size == 536 ? Attempted::Passed : Attempted::Other; }, asked);
    CHECK(found.cut_short);
    CHECK_FALSE(found.black_hole);
    CHECK(asked.size() == 2);
}

TEST_CASE("path mtu search: no attempt starts after the deadline", "[probe][path-mtu]") {
    std::vector<int> asked;
    const auto found = run([](int) { return Attempted::Passed; }, asked, false, std::chrono::milliseconds(-1));
    CHECK(asked.empty());
    CHECK(found.cut_short);
}
