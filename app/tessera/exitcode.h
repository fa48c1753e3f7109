// SPDX-License-Identifier: BSD-3-Clause
#pragma once

namespace Tessera::Cli {

/*! \brief The `tessera` command's exit codes; documented in the README. */
enum ExitCode : int {
    Success = 0,
    Failure = 1, //!< anything not listed below
    UsageError = 2, //!< bad command line
    NotSignedIn = 3, //!< no session, or it needs a new sign-in: no valid token can be had
    Unreachable = 4, //!< network error, timeout, 5xx or 429: try again later
    Rejected = 5, //!< the credentials were refused: by the server, or as unusable before sending
    StorageError = 6, //!< the keychain could not be used
    ProfileError = 7, //!< the profile file is missing or invalid
};

} // namespace Tessera::Cli
