// SPDX-License-Identifier: BSD-3-Clause
#include "operationpolicy_p.h"

namespace Tessera::OperationPolicy {

Answer admit(std::optional<SessionOperation::Kind> running, Call call)
{
    using Kind = SessionOperation::Kind;
    if (!running)
        return call == Call::Cancel ? Answer::Refuse : Answer::Start;
    switch (call) {
    case Call::Restore:
    case Call::SignIn:
        return *running == Kind::StoreSignIn || *running == Kind::SignOut ? Answer::Wait
                                                                          : Answer::Start;
    case Call::SignOut:
        switch (*running) {
        case Kind::Restore:
        case Kind::StoreSignIn:
            return Answer::Wait;
        case Kind::SignOut:
            return Answer::Ignore;
        default:
            return Answer::Start;
        }
    case Call::Refresh:
        switch (*running) {
        case Kind::Refresh:
        case Kind::Expire:
            return Answer::Ignore;
        case Kind::Follow:
            return Answer::Start;
        default:
            return Answer::Refuse;
        }
    case Call::Cancel:
        return *running == Kind::SignIn ? Answer::Start : Answer::Refuse;
    case Call::ChangeElsewhere:
        return *running == Kind::Follow ? Answer::Start : Answer::Wait;
    }
    return Answer::Refuse;
}

} // namespace Tessera::OperationPolicy
