"""Social channel: posts generated from products and fiches, schedules, evergreen republication, publishers
(Mastodon, Bluesky) and exports (RSS/Atom, Buffer/Hootsuite CSV, ICS). Its own Django app (label ``kb_social``).
"""
