#!/usr/bin/python3
"""Make synthetic MR slices for Ferry's benchmarks, with pydicom (Debian: python3-pydicom).

    bench/make-objects.py DIR COUNT PIXEL_BYTES [--syntax explicit|implicit]

Writes COUNT single-slice MR objects of one study (about 60 header elements, a realistic header
size, private Siemens-like elements included) whose Pixel Data has PIXEL_BYTES bytes
(131072 = 256x256x16 bit, the "MR slice of 128 KiB" of docs/performance.md; 8192 = 64x64x16 bit). Same
arguments, same files: UIDs derive from the index, pixels from a fixed seed.
"""
import argparse
import os
import random

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

ROOT = "2.25.2519953193432112338394647935969601"
MR = "1.2.840.10008.5.1.4.1.1.4"


def slice_dataset(index, count, side, pixels, study_uid, series_uid):
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "ND"]
    ds.SOPClassUID = MR
    ds.SOPInstanceUID = f"{ROOT}.3.{index + 1}"
    ds.StudyDate = "20261122"
    ds.SeriesDate = "20261122"
    ds.AcquisitionDate = "20261122"
    ds.StudyTime = "101500"
    ds.SeriesTime = "101700"
    ds.AcquisitionTime = "101712.5000"
    ds.AccessionNumber = "A10001"
    ds.Modality = "MR"
    ds.Manufacturer = "SIEMENS"
    ds.InstitutionName = "Ferry Bench Hospital"
    ds.ReferringPhysicianName = "Referrer^Rita"
    ds.StationName = "MRC40001"
    ds.StudyDescription = "MRI BRAIN WO/W CONTRAST"
    ds.SeriesDescription = "t1_mprage_sag"
    ds.ManufacturerModelName = "Prisma"
    ds.PatientName = "Bench^Patient"
    ds.PatientID = "BENCH0001"
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "O"
    ds.PatientAge = "056Y"
    ds.PatientWeight = "70"
    ds.ScanningSequence = "GR\\IR"
    ds.SequenceVariant = "SK\\SP\\MP"
    ds.MRAcquisitionType = "3D"
    ds.SliceThickness = "1"
    ds.RepetitionTime = "2300"
    ds.EchoTime = "2.98"
    ds.InversionTime = "900"
    ds.NumberOfAverages = "1"
    ds.ImagingFrequency = "123.2"
    ds.ImagedNucleus = "1H"
    ds.EchoNumbers = "1"
    ds.MagneticFieldStrength = "3"
    ds.SpacingBetweenSlices = "1"
    ds.EchoTrainLength = "1"
    ds.PercentSampling = "100"
    ds.PixelBandwidth = "240"
    ds.ProtocolName = "t1_mprage_sag"
    ds.FlipAngle = "9"
    ds.PatientPosition = "HFS"
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.StudyID = "1"
    ds.SeriesNumber = "2"
    ds.AcquisitionNumber = "1"
    ds.InstanceNumber = str(index + 1)
    ds.ImagePositionPatient = ["-95.5", "-125.2", str(-90 + index)]
    ds.ImageOrientationPatient = ["0", "1", "0", "0", "0", "-1"]
    ds.FrameOfReferenceUID = f"{ROOT}.4.1"
    ds.SliceLocation = str(-90 + index)
    ref = Dataset()
    ref.ReferencedSOPClassUID = MR
    ref.ReferencedSOPInstanceUID = f"{ROOT}.3.{(index + 1) % count + 1}"
    ds.ReferencedImageSequence = Sequence([ref])
    block = ds.private_block(0x0029, "SIEMENS CSA HEADER", create=True)
    block.add_new(0x08, "CS", "IMAGE NUM 4")
    block.add_new(0x10, "OB", bytes(2048))
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = side
    ds.Columns = pixels // (2 * side)
    ds.PixelSpacing = ["1", "1"]
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = "600"
    ds.WindowWidth = "1200"
    return ds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("count", type=int)
    parser.add_argument("pixel_bytes", type=int)
    parser.add_argument("--syntax", choices=["explicit", "implicit"], default="explicit")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    side = 1
    while (side * 2) * (side * 2) * 2 <= args.pixel_bytes:
        side *= 2
    rng = random.Random(1122)
    pixels = bytes(rng.getrandbits(8) for _ in range(args.pixel_bytes))
    study_uid = f"{ROOT}.1.1"
    series_uid = f"{ROOT}.2.1"
    syntax = ExplicitVRLittleEndian if args.syntax == "explicit" else ImplicitVRLittleEndian
    for index in range(args.count):
        ds = slice_dataset(index, args.count, side, args.pixel_bytes, study_uid, series_uid)
        ds.PixelData = pixels
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = MR
        meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        meta.TransferSyntaxUID = syntax
        ds.file_meta = meta
        ds.is_little_endian = True
        ds.is_implicit_VR = syntax == ImplicitVRLittleEndian
        ds.save_as(os.path.join(args.dir, f"MR{index + 1:05d}.dcm"), write_like_original=False)


if __name__ == "__main__":
    main()
