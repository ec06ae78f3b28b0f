#!/usr/bin/python3
"""Make one large multi-frame object for Ferry's memory benchmark, with pydicom (Debian: python3-pydicom).

    bench/make-large-object.py FILE MEGABYTES

Writes an Enhanced MR-like object of 512x512 16-bit frames whose Pixel Data has about MEGABYTES MiB (at most
4095), streamed to the file: the pixels are never held in memory, so a 2 GB object needs no 2 GB of RAM.
"""
import struct
import sys

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

ROOT = "2.25.2519953193432112338394647935969602"
FRAME = 512 * 512 * 2


def main():
    path, megabytes = sys.argv[1], int(sys.argv[2])
    frames = max(1, (megabytes << 20) // FRAME)
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.4.1"
    ds.SOPInstanceUID = f"{ROOT}.3.{megabytes}"
    ds.StudyInstanceUID = f"{ROOT}.1"
    ds.SeriesInstanceUID = f"{ROOT}.2"
    ds.PatientID = "LARGE"
    ds.PatientName = "Large^Object"
    ds.Modality = "MR"
    ds.StudyDate = "20261206"
    ds.StudyTime = "120000"
    ds.Rows = 512
    ds.Columns = 512
    ds.NumberOfFrames = frames
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.preamble = b"\0" * 128
    with open(path, "wb") as out:
        ds.save_as(out, write_like_original=False)
        length = frames * FRAME
        out.write(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, length))
        chunk = bytes(range(256)) * (FRAME // 256)
        for _ in range(frames):
            out.write(chunk)


if __name__ == "__main__":
    main()
