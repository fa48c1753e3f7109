// SPDX-License-Identifier: BSD-3-Clause
#pragma once

/*!
 * \brief libsodium, made ready once for the whole process.
 *
 * libsodium wants sodium_init() called before any other of its functions. Every Tessera caller
 * goes through initialize(), which calls it exactly once (a function-local static, so the first
 * call is thread-safe and later ones cost a load) and remembers whether it worked. libsodium is
 * linked PRIVATE to Tessera::Core: no header of the library includes <sodium.h>.
 */
namespace Tessera::SodiumLibrary {

/*!
 * \brief True once libsodium is ready. False only if sodium_init() failed (no source of
 * randomness, or no CPU feature detection); every later call gives the same answer.
 */
bool initialize();

} // namespace Tessera::SodiumLibrary
