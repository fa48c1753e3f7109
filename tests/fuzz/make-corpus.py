#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# make-corpus.py: writes the seed corpora in corpus/<target>/ (docs/fuzzing.md). The seeds are
# the shapes Tessera really meets: what tessera-devserver answers in both dialects, the shipped
# profiles and tst_profile's rejection table, what serializeStoredSession() writes, real Date and
# Retry-After headers, JWTs like the dev server's, and tst_redirectrule's redirects. No value in
# them comes from tests/test-secrets.txt. Files are named by content hash; running it again only
# adds what changed. Found inputs worth keeping go in by hand (scripts/fuzz.sh ... -merge).
import base64
import hashlib
import json
import os
import pathlib
import struct

here = pathlib.Path(__file__).resolve().parent
root = here.parent.parent
corpus = here / 'corpus'


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    directory = corpus / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b'=').decode()


def jwt(claims, header=None, signature=b'fuzz-seed-signature-not-a-key'):
    header = header or {'alg': 'HS256', 'typ': 'JWT'}
    part = lambda o: b64url(json.dumps(o, separators=(',', ':')).encode())
    return f'{part(header)}.{part(claims)}.{b64url(signature)}'


def compact(o):
    return json.dumps(o, separators=(',', ':'))


# Like the dev server's: sub, iat, exp (2024-05-01T12:30Z), jti, fam.
at = jwt({'sub': 'alice', 'iat': 1714564800, 'exp': 1714566600, 'jti': 'j7f3a1c2e9',
          'fam': 'f91b2d4c'})
rt = b64url(hashlib.sha256(b'fuzz seed refresh token').digest())

# --- tokenresponse: '0' json (dev server paths), '2' json (nested paths), '1' oauth2 -----------
json_bodies = [
    {'data': {'access_token': at, 'refresh_token': rt, 'access_expires_at': '2024-05-01T12:30:00Z',
              'refresh_expires_at': '2024-05-01T13:00:00Z', 'user': 'alice', 'expires_in': 1800}},
    {'data': {'access_token': at, 'refresh_token': rt, 'access_expires_at': 1714566600,
              'refresh_expires_at': 1714568400, 'user': 'alice', 'expires_in': 1800}},
    {'data': {'access_token': at, 'refresh_token': rt,
              'access_expires_at': '2024-05-01T14:30:00+02:00',
              'refresh_expires_at': '2024-05-01T15:00:00.250+02:00', 'user': 'bob'}},
    {'data': {'access_token': at, 'token_type': 'Bearer', 'refresh_token': rt,
              'access_expires_at': '2024-05-01T12:30:00Z', 'user': 'alice'}},
    {'data': {'access_token': at, 'user': 'alice'}},
    {'data': {'access_token': 'at-1', 'refresh_token': None, 'access_expires_at': None}},
    {'data': {'access_token': at, 'access_expires_at': 1714566600000}},
    {'data': {'access_token': at, 'expires_in': '3600'}},
    {'data': {'access_token': '8f14e45fceea167a'}},
    {'data': {'access_token': 'abc.def.ghi'}},
    {'data': {'access_token': at, 'refresh_token': rt, 'expires_in': 60,
              'refresh_expires_at': '2024-05-01T13:00Z'}},
    {'data': {'access_token': at, 'access_expires_at': '2024-05-01 12:30:00'}},
    {'data': {'access_token': at, 'access_expires_at': 'soon'}},
    {'data': {'access_token': at, 'access_expires_at': True}},
    {'data': {'access_token': 12345}},
    {'data': {'access_token': {'value': 'x'}}},
    {'data': {'access_token': ''}},
    {'data': {'access_token': at, 'refresh_token': 42}},
    {'data': {'access_token': at, 'user': {'name': 'alice'}}},
    {'data': {'access_token': at, 'user': '\u00e9l\u00e8ve \u0410\u043b\u0438\u0441\u0430'}},
    {'data': 'at-1'},
    {'access_token': at},
    {'data': {'revoked': True}},
    {'error': {'code': 'invalid_credentials', 'message': 'Wrong user name or password'}},
    {'error': {'code': 'refresh_token_reused', 'message': 'This refresh token was already used'}},
    {'error': {'code': 'invalid_refresh_token', 'message': 'Unknown refresh token'}},
    {'success': False, 'code': 'token.expired', 'message': 'Expired'},
    {'error': 'Something went wrong!', 'code': 'rate_limited'},
    {'code': 'TOKEN_EXPIRED'},
    {'code': 'e1234567'},
]
for body in json_bodies:
    write('tokenresponse', '0' + compact(body))
write('tokenresponse', '0' + json.dumps(json_bodies[0], indent=4))
nested_bodies = [
    {'result': {'auth': {'token': at, 'renew': rt, 'ttl': 900, 'renew_ttl': 86400},
                'expiry': '2024-05-01T13:00Z', 'account': {'name': 'alice'}}},
    {'result': {'auth': {'token': at, 'renew': rt, 'renew_ttl': 86400},
                'renew_expiry': 1714650000}},
    {'result': {'auth': {'token': at}, 'account': None}},
    {'result': [{'auth': 'x'}]},
    {'result': {'auth': 'x'}},
]
for body in nested_bodies:
    write('tokenresponse', '2' + compact(body))
oauth2_bodies = [
    {'access_token': at, 'token_type': 'Bearer', 'expires_in': 1800, 'refresh_token': rt,
     'scope': 'read write'},
    {'access_token': at, 'token_type': 'bearer', 'expires_in': 1800},
    {'access_token': at, 'token_type': 'mac', 'expires_in': 1800},
    {'access_token': at, 'token_type': 42},
    {'access_token': at, 'token_type': 'Bearer', 'expires_in': 300, 'refresh_expires_in': 1800,
     'refresh_token': rt, 'not-before-policy': 0,
     'session_state': '4b7e2a10-3c5d-4e6f-8a9b-0c1d2e3f4a5b', 'scope': 'profile email'},
    {'access_token': 'ya29.a0AfB_byC1x2y3z4', 'expires_in': 3599,
     'scope': 'openid https://www.googleapis.com/auth/userinfo.email', 'token_type': 'Bearer',
     'id_token': at},
    {'access_token': at, 'token_type': 'Bearer', 'expires_in': '3600'},
    {'access_token': at, 'token_type': 'Bearer', 'expires_in': -60},
    {'access_token': at, 'token_type': 'Bearer', 'expires_in': 1e10},
    {'access_token': at, 'token_type': 'Bearer', 'expires_in': 3600.5},
    {'access_token': at, 'refresh_token': ['x']},
    {'error': 'invalid_grant', 'error_description': 'Refresh token expired'},
    {'error': 'invalid_client', 'error_description': 'Missing client_id'},
    {'error': 'unsupported_grant_type', 'error_description': 'Use password or refresh_token'},
    {'error': 'invalid_request', 'error_description': 'Use POST'},
    {'error': 'invalid_token'},
    {'error': 'Invalid password for alice'},
]
for body in oauth2_bodies:
    write('tokenresponse', '1' + compact(body))
for raw in [b'', b'   ', b'[{"access_token":"x"}]', b'null', b'"x"',
            b'{"data":{"access_token":"at-9","refr',
            b'{"data": {access_token: "x"}}',
            b'<html><head><title>502 Bad Gateway</title></head><body><center>'
            b'<h1>502 Bad Gateway</h1></center></body></html>',
            b'{"data":{"access_token":"a","access_token":"b"}}',
            b'\xef\xbb\xbf{"access_token":"x"}',
            b'{"access_token":"\\ud800x","token_type":"Bearer"}',
            b'[' * 40 + b']' * 40]:
    write('tokenresponse', b'0' + raw)
    write('tokenresponse', b'1' + raw)

# --- profile: the shipped ones, tst_profile's minimal profiles with its rejection rows --------
for path in sorted((root / 'resources/profiles').glob('*.json')):
    write('profile', path.read_bytes())
minimal = {
    'json': {'name': 'Dev server', 'dialect': 'json', 'base_url': 'http://127.0.0.1:8765'},
    'oauth2': {'name': 'Example', 'dialect': 'oauth2', 'base_url': 'https://api.example.com',
               'client_id': 'tessera'},
}
for dialect in minimal.values():
    write('profile', compact(dialect))
rejections = json.loads((root / 'tests/core/data/profiles/rejections.json').read_text())
for row in rejections['rows']:
    profile = dict(minimal[row.get('dialect', 'json')])
    profile.update(row.get('set', {}))
    for key in row.get('remove', []):
        profile.pop(key, None)
    write('profile', compact(profile))
urls = json.loads((root / 'tests/core/data/profiles/urls.json').read_text())
for row in urls.get('base_urls', [])[:4]:
    write('profile', compact(dict(minimal['json'], base_url=row[1])))
for row in urls.get('endpoints', [])[:4]:
    write('profile', compact(dict(minimal['json'], base_url=row[1], login={'path': row[2]})))
write('profile', compact(dict(minimal['oauth2'], api_origins=['https://api.example.com',
                                                              'https://files.example.com:8443'])))
write('profile', compact(dict(minimal['json'], base_url='http://[::1]:8765/api',
                              refresh_lead_seconds=0, timeout_seconds=600,
                              max_response_bytes=67108864)))
write('profile', b'')
write('profile', b'{"dialect":"json"')
write('profile', b'[]')

# --- storedsession: what serializeStoredSession() writes, and what it must refuse -------------
session = {'version': 1, 'user': 'alice', 'accessToken': at, 'refreshToken': rt,
           'accessExpiresAt': 1714566600000, 'refreshExpiresAt': 1714568400000,
           'obtainedAt': 1714564800000, 'generation': 3}
variants = [
    session,
    {k: v for k, v in session.items() if k not in ('refreshToken', 'refreshExpiresAt')},
    {k: v for k, v in session.items() if k not in ('accessExpiresAt', 'obtainedAt')},
    dict(session, apiKey='ak_seed_' + b64url(hashlib.sha256(b'key').digest())[:20]),
    dict(session, refreshToken=None, accessExpiresAt=None, apiKey=None),
    dict(session, generation=9007199254740992),
    dict(session, generation=9007199254740993),
    dict(session, generation=-1),
    dict(session, generation=1.5),
    dict(session, accessExpiresAt=-8.64e15, refreshExpiresAt=8.64e15),
    dict(session, accessExpiresAt=8.64e15 + 1),
    dict(session, accessExpiresAt='2024-05-01T12:30:00Z'),
    dict(session, version=2),
    dict(session, version=0),
    dict(session, version='1'),
    {k: v for k, v in session.items() if k != 'version'},
    {k: v for k, v in session.items() if k != 'user'},
    dict(session, user=''),
    dict(session, user='\u00e9l\u00e8ve'),
    dict(session, accessToken=''),
    dict(session, accessToken=42),
    dict(session, refreshToken=['x']),
    dict(session, unknownField={'nested': [1, 2, 3]}),
    {'version': 1, 'user': 'bob', 'accessToken': 'opaque-access-1'},
]
for v in variants:
    write('storedsession', compact(v))
for raw in [b'', b'{}', b'[]', b'null', b'{"version":1,"user":"alice","accessTok',
            b'{"version":1,"user":"a\\ud800","accessToken":"x"}',
            b'{"version":1e0,"user":"alice","accessToken":"x","generation":0.0}',
            b'{"version":1,"user":"alice","accessToken":"x","obtainedAt":1e400}',
            b'\x00\x01\x02']:
    write('storedsession', raw)

# --- httpdates: a 4-byte signed offset from 2024-05-01T12:00Z ("now"), then the header --------
now = struct.pack('>i', 0)
headers = [b'120', b'0', b'3600', b'3601', b'86400', b'999999999999', b'9999999999999',
           b' 120 ', b'-5', b'1.5', b'+30', b'', b'soon', b'\xd9\xa1\xd9\xa2',
           b'Wed, 01 May 2024 12:02:00 GMT', b'Wed, 01 May 2024 11:00:00 GMT',
           b'Wednesday, 01-May-24 12:02:00 GMT', b'Wed May  1 12:02:00 2024',
           b'Sun, 06 Nov 1994 08:49:37 GMT', b'Sunday, 06-Nov-94 08:49:37 GMT',
           b'Sun Nov  6 08:49:37 1994', b'Wed, 01 May 2024 12:02:00 UTC',
           b'Wed, 01 May 2024 25:00:00 GMT', b'Wed, 31 Feb 2024 12:00:00 GMT',
           b'Thu, 01 Jan 1970 00:00:00 GMT', b'Fri, 31 Dec 9999 23:59:59 GMT',
           b'Mon, 01 May 2024 12:02:00 GMT', b'wed, 01 may 2024 12:02:00 gmt',
           b'Wed,  01 May 2024 12:02:00 GMT ']
for header in headers:
    write('httpdates', now + header)
for offset in [-(2 ** 31), 2 ** 31 - 1, 50 * 365 * 86400, -50 * 365 * 86400]:
    write('httpdates', struct.pack('>i', offset) + b'Friday, 01-Jan-49 00:00:00 GMT')
    write('httpdates', struct.pack('>i', offset) + b'Wed, 01 May 2024 12:02:00 GMT')

# --- jwt: '0' a token as it is; '1' header\npayload\nsignature, encoded by the target ----------
tokens = [
    at,
    jwt({'sub': 'alice', 'exp': 1714572000}, {'alg': 'HS256'}),
    jwt({'sub': 'alice', 'exp': 1714572000.75}),
    jwt({'sub': 'alice', 'exp': '1714572000'}),
    jwt({'sub': 'alice', 'exp': -1}),
    jwt({'sub': 'alice', 'exp': 253402300799}),
    jwt({'sub': 'alice', 'exp': 253402300800}),
    jwt({'sub': 'alice'}),
    jwt({'exp': 1714572000}, {'alg': 'none'}, b''),
    jwt({'exp': 1e308}),
    at.rsplit('.', 1)[0],
    at + '.extra',
    at.replace('.', '.=', 1),
    'abc.def.ghi', '..', '.', '', 'opaque-access-1', 'a' * 200,
    b64url(b'[1,2]') + '.' + b64url(b'{"exp":1}') + '.',
    b64url(b'{}') + '.' + b64url(b'[{"exp":1}]') + '.sig',
    b64url(b'{}') + '==.' + b64url(b'{"exp":1714572000}') + '=.sig',
    b64url(b'{}') + '.' + b64url(b'{"exp":1714572000}') + '.s+g/',
]
for token in tokens:
    write('jwt', '0' + token)
for header, payload in [('{"alg":"HS256","typ":"JWT"}', '{"sub":"alice","exp":1714572000}'),
                        ('{"alg":"RS256","kid":"k1"}', '{"exp":1714572000,"nbf":1714568400}'),
                        ('{}', '{"exp":0}'), ('{}', '{"exp":null}'), ('{}', '{"exp":true}'),
                        ('{}', '{"exp":[1714572000]}'), ('{}', '{"exp":1e21}'),
                        ('{}', '{"exp":-0.5}'), ('[]', '{"exp":1}'), ('{', '{"exp":1}')]:
    write('jwt', f'1{header}\n{payload}\nfuzz-signature')

# --- redirectrule: status, operation, policies, hops, maximum, then "from\nLocation" ----------
# status index: 0 301, 1 302, 2 303, 3 307, 4 308, 5 200, 6 304, 7 300. Operation: 1 HEAD, 2 GET,
# 3 PUT, 4 POST, 5 DELETE, 6 custom. Policies: bits 0-1 the manager's (0 manual, 1 no less safe,
# 2 same origin, 3 user verified), then (byte >> 2) % 5 - 1 the request's (-1 none).
def redirect(status, operation, manager, request, hops, maximum, source, location):
    head = bytes([status, operation, manager | (request + 1) << 2, hops, maximum])
    write('redirectrule', head + source.encode() + b'\n' + location.encode())

api = 'http://api.test/start'
for status in range(8):
    redirect(status, 2, 1, -1, 0, 50, api, '/there')
for operation in range(7):
    redirect(1, operation, 1, -1, 0, 50, api, '/there')
    redirect(3, operation, 1, -1, 0, 50, api, '/there')
for manager in range(4):
    for request in range(-1, 4):
        redirect(1, 2, manager, request, 0, 50, 'https://api.test/start',
                 'http://api.test/there')
redirect(1, 2, 1, -1, 50, 50, api, '/there')
redirect(1, 2, 1, -1, 0, 0, api, '/there')
for location in ['ftp://api.test/file', 'file:///etc/hostname', 'http://other.test/there',
                 'https://api.test/there', 'http://api.test:8080/there', '//other.test/x',
                 'HTTP://API.TEST/there', 'http://api.test:80/there', '../up/../there?q=1#f',
                 'http://[::1]:8765/api', 'http://user@api.test/there', 'there%20again',
                 'javascript:alert(1)', 'data:text/plain,hi', '', ' ', 'http:/there',
                 'https://api.test:443/there', 'http://xn--nxasmq6b.test/', 'http://%zz/']:
    redirect(1, 4, 2, -1, 0, 50, api, location)
redirect(1, 2, 2, -1, 0, 50, 'https://api.test/start', 'https://api.test:443/there')
redirect(4, 3, 1, -1, 3, 50, 'https://api.test:8443/upload', 'https://api.test:8443/v2/upload')
redirect(0, 2, 1, -1, 0, 50, '', '/there')
redirect(0, 2, 1, -1, 0, 50, 'relative/start', 'http://api.test/')
