"""Printed documents (議事録, ケース記録票, つなぐシート, 支援プラン): one module per document, each giving what
its print view shows; ``pdf`` turns the same HTML into the PDF download (issue 15)."""
