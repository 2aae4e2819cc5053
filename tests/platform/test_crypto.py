"""Field encryption: AES-256-GCM and SM4-GCM behind one interface, bound to their context."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from jixiao.platform.config import Settings, SettingsError
from jixiao.platform.crypto import Aes256Gcm, CannotDecrypt, FieldCiphers, Sm4Gcm, field_ciphers

KEY = b"k" * 32
CONTEXT = "app_user.totp_secret:tenant-1:user-1"


@pytest.mark.parametrize("cipher", [Aes256Gcm(KEY), Sm4Gcm(KEY)], ids=lambda c: c.name)
def test_a_value_comes_back_only_with_its_key_and_context(cipher: Aes256Gcm | Sm4Gcm) -> None:
    token = cipher.encrypt("JBSWY3DPEHPK3PXP 张三", context=CONTEXT)
    assert token.startswith(f"{cipher.name}$")
    assert "JBSWY3DP" not in token
    assert cipher.decrypt(token, context=CONTEXT) == "JBSWY3DPEHPK3PXP 张三"
    assert cipher.encrypt("same", context=CONTEXT) != cipher.encrypt("same", context=CONTEXT)
    with pytest.raises(CannotDecrypt):
        cipher.decrypt(token, context="app_user.totp_secret:tenant-1:user-2")  # another row
    with pytest.raises(CannotDecrypt):
        type(cipher)(b"x" * 32).decrypt(token, context=CONTEXT)  # another key
    name, body = token.split("$")
    flipped = body[:-3] + ("A" if body[-3] != "A" else "B") + body[-2:]
    with pytest.raises(CannotDecrypt):
        cipher.decrypt(f"{name}${flipped}", context=CONTEXT)


def test_a_deployment_moves_to_sm4_and_still_reads_what_aes_wrote() -> None:
    before = FieldCiphers(KEY, current="aes256gcm").encrypt("secret", context=CONTEXT)
    after = FieldCiphers(KEY, current="sm4gcm")
    assert after.decrypt(before, context=CONTEXT) == "secret"
    assert after.encrypt("secret", context=CONTEXT).startswith("sm4gcm$")
    with pytest.raises(ValueError, match="unknown field cipher"):
        FieldCiphers(KEY, current="des")
    with pytest.raises(ValueError, match="at least 32 bytes"):
        Sm4Gcm(b"short")


def test_sm4_gcm_is_the_standard_one() -> None:
    # RFC 8998, appendix A.1: SM4-GCM test vector.
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    iv = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plaintext = bytes.fromhex(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    )
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
    encryptor.authenticate_additional_data(aad)
    sealed = encryptor.update(plaintext) + encryptor.finalize()
    assert sealed.hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    assert encryptor.tag.hex().upper() == "83DE3541E4C2B58177E065A9BF7B62EC"


def test_the_deployment_chooses_its_cipher_and_a_test_machine_gets_a_key(tmp_path: Path) -> None:
    settings = Settings(env="test", data_dir=tmp_path, field_cipher="sm4gcm")
    token = field_ciphers(settings).encrypt("secret", context=CONTEXT)
    assert token.startswith("sm4gcm$")
    assert field_ciphers(settings).decrypt(token, context=CONTEXT) == "secret"  # same key file
    with pytest.raises(SettingsError, match="JIXIAO_FIELD_CIPHER"):
        Settings.from_env({"JIXIAO_FIELD_CIPHER": "des"})
