// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace Tessera::Test {

/*! \brief A finished answer with a status and a Location, and nothing else: what the redirect
 *  rule reads (tst_redirectrule, fuzz_redirectrule). */
class CannedReply : public QNetworkReply
{
public:
    CannedReply(const QUrl &url, int status, const QUrl &location)
    {
        setUrl(url);
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
        if (location.isValid())
            setAttribute(QNetworkRequest::RedirectionTargetAttribute, location);
        open(QIODevice::ReadOnly);
        setFinished(true);
    }
    void abort() override { }

protected:
    qint64 readData(char *, qint64) override { return -1; }
};

} // namespace Tessera::Test
