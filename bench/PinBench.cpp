// A staff sign-in's PIN check (StaffAuth::signIn with the right PIN: the record read, PBKDF2-HMAC-SHA256 at the
// count records are made with today) against one SHA-256 of the same salt and PIN, the cheapest verifier there could
// be, measured in the same run; rounds alternate between the two so drift favours neither. Then what that means for
// someone who copied the verifiers off a kiosk: the time for every 6-digit PIN on this core with the same code, and
// for every 4-digit PIN against a record made before (20,000 rounds). This is what sizes StaffAuth::kIterations: a
// nurse waits for one check per sign-in, so it should stay near 100-250 ms here.
//
//   bench-pin [CHECKS=30] [ITERATIONS=StaffAuth::kIterations] [DIR]

#include "Stats.h"

#include "portside/core/StaffAuth.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <openssl/sha.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace portside;

int main(int argc, char** argv)
{
    const int checks = argc > 1 ? std::atoi(argv[1]) : 30;
    const int iterations = argc > 2 ? std::atoi(argv[2]) : core::StaffAuth::kIterations;
    const std::string dir = argc > 3 ? argv[3] : Poco::TemporaryFile::tempName();
    Poco::File(dir).createDirectories();
    core::ManualClock clock;
    {
        core::EventStore store(dir + "/kiosk.db", clock);
        const std::string pin = "123456";
        const auto nurse = core::StaffAuth::make("1001", "Sam Rivera", "nurse", pin, iterations);
        store.putStaff(nurse);
        core::StaffAuth auth(store, clock);
        auto signIn = [&](int) {
            if (!auth.signIn("1001", pin).staff)
                std::abort();
        };
        // One SHA-256 is well under a microsecond: each sample is 1,000 of them, divided.
        const std::string input = nurse.salt + pin;
        unsigned char digest[SHA256_DIGEST_LENGTH];
        volatile unsigned char sink = 0; // the hashes are used, so none is left out
        auto sha256 = [&](int) {
            for (int i = 0; i < 1000; ++i) {
                SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
                sink = sink ^ digest[0];
            }
        };
        bench::Samples mine, reference;
        const int rounds = 10, per = std::max(1, checks / rounds);
        for (int r = 0; r < rounds; ++r) {
            auto a = bench::measure(per, signIn);
            auto b = bench::measure(per * 100, sha256);
            mine.us.insert(mine.us.end(), a.us.begin(), a.us.end());
            for (double us : b.us)
                reference.us.push_back(us / 1000);
        }
        std::printf("Staff sign-in, PBKDF2-HMAC-SHA256 with %d rounds (%zu checks, alternating with SHA-256)\n",
                    iterations, mine.us.size());
        bench::report("sign-in PIN check", mine, reference, "one SHA-256 (salt + PIN)");

        // Someone with the verifier runs the same function for each guess (one core, this code).
        const double check = mine.percentile(0.5) / 1e6, hash = reference.percentile(0.5) / 1e6;
        auto old = bench::measure(10, [&](int) { core::StaffAuth::hashPin(pin, nurse.salt, 20000); });
        const double oldCheck = old.percentile(0.5) / 1e6;
        std::printf("every 6-digit PIN (1,000,000) on this core: %.0f s = %.1f core-hours with this verifier; "
                    "%.2f s with plain SHA-256\n",
                    1e6 * check, 1e6 * check / 3600, 1e6 * hash);
        std::printf("every 4-digit PIN (10,000) against a record of 20,000 rounds (made before): %.0f s "
                    "(one check %.1f ms)\n",
                    1e4 * oldCheck, 1e3 * oldCheck);
        std::printf("rounds for a 150 ms check on this core: about %.0f\n", 0.150 / (check / iterations));
    }
    Poco::File(dir).remove(true);
    return 0;
}
