# TEST-ONLY imitation of paho-mqtt 2.x (see mqtt/client.py). Not paho-mqtt 2.x itself.
