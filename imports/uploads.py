"""The upload of an import file stays in memory: it is never written to a temporary file on disk.

Django writes uploads above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file. The import view uses
this handler only, which keeps the file in memory up to IMPORT_MAX_BYTES and stops reading beyond
that (the view then says the file is too large).
"""

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload


class LimitedMemoryUploadHandler(MemoryFileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True
        self.received = 0
        self.request.import_too_large = False
        if content_length and content_length > settings.IMPORT_MAX_BYTES + 64 * 1024:
            self.request.import_too_large = True
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.IMPORT_MAX_BYTES:
            self.request.import_too_large = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)
